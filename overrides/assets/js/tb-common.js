/* One helper for the site's scripts (directory, search, maps): elements built with text only,
   and the status badge, the same markup as the badge macro in overrides/content/macros.html. */
var tb = (function () {
  // el("a", {href: …}, "text") or el("div", "class-name", "text"): text is always textContent.
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (typeof attrs === "string") e.className = attrs;
    else if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = String(text);
    return e;
  }
  // s: {code, zh, en, symbol} as generator/labels.yml gives it; category: 创建, 培育 … or nothing.
  function badge(s, category) {
    var b = el("span", { "class": "tb-badge tb-badge--" + s.code, "data-status": s.code });
    b.appendChild(el("span", { "class": "tb-badge__sym", "aria-hidden": "true" }, s.symbol));
    b.appendChild(document.createTextNode(" " + s.zh + (category ? "（" + category + "）" : "") + " "));
    b.appendChild(el("span", { "class": "tb-en", lang: "en" }, s.en));
    return b;
  }
  return { el: el, badge: badge };
})();
