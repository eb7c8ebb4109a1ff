// Search page on Pagefind 1.4.0 (site/pagefind/, served from the site). Data is inserted with
// textContent only; Pagefind's excerpt is split on its <mark> tags, never parsed as HTML.
(function () {
  "use strict";
  var root = document.getElementById("tb-search");
  if (!root) return;
  // Routes come from the page (generator/outputs/urls.py): the site root, the search bundle, and a
  // platform's anchor on its town page ("#platform-{n}").
  var base = root.getAttribute("data-base") || "";
  var bundleUrl = root.getAttribute("data-bundle");
  var anchor = root.getAttribute("data-platform-anchor");
  var anchorRe = new RegExp(anchor.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("\\{n\\}", "([0-9]+)") + "$");
  var labels = JSON.parse(root.getAttribute("data-labels") || "{}");
  // The exact-name table (generator/outputs/search.py exact_names): shards of {name: [[route,
  // title, status, programme, province]]}, one chosen by a hash of the folded query.
  var namesUrl = root.getAttribute("data-names"), namesShards = parseInt(root.getAttribute("data-names-shards"), 10) || 0;
  var shardCache = {};
  var input = document.getElementById("tb-search-input");
  var form = document.getElementById("tb-search-form");
  var status = document.getElementById("tb-search-status");
  var list = document.getElementById("tb-search-results");
  var more = document.getElementById("tb-search-more");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var note = document.getElementById("tb-search-note");
  var PAGE = 10, pagefind = null, results = [], shown = 0, serial = 0, exactShown = {}, dupes = 0;

  var el = tb.el;  // assets/js/tb-common.js
  function badge(code) { return tb.badge(labels[code] || labels.unknown); }
  var ENT = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'" };
  function decode(t) { return t.replace(/&(amp|lt|gt|quot|#39|#x27);/g, function (m) { return ENT[m]; }); }
  function excerpt(text) {
    var p = el("p", { "class": "tb-search__excerpt" });
    String(text || "").split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) p.appendChild(inMark ? el("mark", null, decode(part)) : document.createTextNode(decode(part)));
      return inMark;
    }, false);
    return p;
  }
  // A town heading's name fragments ("广州 州市 市天 天河 河区", search.py name_grams) are
  // indexed as text before the name, so Pagefind's excerpt can start with them. They are there
  // to be found, never to be read: the part of the excerpt that lies in them is dropped.
  var GRAMS = /^[\u3400-\u9fff\uf900-\ufaff]{1,2}( [\u3400-\u9fff\uf900-\ufaff]{1,2})*$/;
  function withoutGrams(html, content) {
    var text = String(content || ""), end = text.indexOf(". ");
    if (end < 0 || !GRAMS.test(text.slice(0, end))) return html;  // no fragment run on this page
    var grams = text.slice(0, end);
    var plain = String(html || "").replace(/<\/?mark>/g, "");
    var cut = plain.indexOf(". ");
    var head = cut < 0 ? plain.trim() : plain.slice(0, cut).trim();
    if (!head || !GRAMS.test(head) || grams.indexOf(head) < 0) return html;
    if (cut < 0) return "";  // the whole excerpt is fragments
    // drop cut + 2 plain characters from the front of the excerpt, keeping its <mark> tags balanced
    var skip = cut + 2, i = 0, open = false, src = String(html);
    while (skip > 0 && i < src.length) {
      if (src.startsWith("<mark>", i)) { open = true; i += 6; continue; }
      if (src.startsWith("</mark>", i)) { open = false; i += 7; continue; }
      i++; skip--;
    }
    while (src.startsWith("</mark>", i)) { open = false; i += 7; }
    return (open ? "<mark>" : "") + src.slice(i);
  }
  function safeHref(url) {
    // Pagefind URLs are site-absolute paths ("/towns/x/"); anything else is dropped.
    if (typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/") return null;
    return url;
  }
  function entityOf(d) {
    if (d.meta && d.meta.entity) return d.meta.entity;
    var m = /\/(lists|policies|programmes|provinces)\//.exec(d.url || "");
    return m ? { lists: "list", policies: "policy", programmes: "programme", provinces: "province" }[m[1]] : "page";
  }
  function platformsOf(d) {
    // The town page's `platforms` meta: [[n, name, kind], ...]; anything malformed is ignored.
    var list;
    try { list = JSON.parse((d.meta && d.meta.platforms) || "[]"); } catch (e) { return []; }
    if (!Array.isArray(list)) return [];
    return list.filter(function (p) { return Array.isArray(p) && /^[0-9]+$/.test(String(p[0])); })
      .map(function (p) { return { n: String(p[0]), name: String(p[1]), kind: String(p[2]) }; });
  }
  function platformsShown(d, kind) {
    // Platforms are headings (#platform-N) on their town page, so Pagefind returns the ones a
    // query matched as sub-results of the town. With the kind facet chosen, the town's platforms
    // of that kind are shown (the matched ones if any matched).
    var matched = {};
    (d.sub_results || []).forEach(function (s) {
      var m = anchorRe.exec(s.url || "");
      if (m) matched[m[1]] = s.excerpt;
    });
    var all = platformsOf(d);
    var hits = all.filter(function (p) { return p.n in matched && (!kind || p.kind === kind); });
    if (!hits.length && kind) hits = all.filter(function (p) { return p.kind === kind; });
    return hits.map(function (p) { p.excerpt = matched[p.n]; return p; });
  }
  function renderPlatforms(d, townHref, kind) {
    var hits = platformsShown(d, kind);
    if (!hits.length) return null;
    var ul = el("ul", { "class": "tb-search__platforms", "aria-label": "平台 platforms" });
    hits.forEach(function (p) {
      var li = el("li", { "class": "tb-search__platform", "data-entity": "platform" });
      var t = el("p", { "class": "tb-search__title" });
      t.appendChild(el("a", townHref ? { href: townHref.replace(/#.*$/, "") + anchor.replace("{n}", p.n) } : null, p.name));
      t.appendChild(el("span", { "class": "tb-kind" }, p.kind));
      li.appendChild(t);
      if (p.excerpt) li.appendChild(excerpt(p.excerpt));
      ul.appendChild(li);
    });
    return ul;
  }
  function render(d, kind, withExcerpt) {
    var li = el("li", { "class": "tb-search__result" });
    var entity = entityOf(d);
    li.setAttribute("data-entity", entity);
    var h = el("p", { "class": "tb-search__title" });
    var href = safeHref(d.url);
    h.appendChild(el("a", href ? { href: href } : null, (d.meta && d.meta.title) || d.url));
    li.appendChild(h);
    var facts = el("p", { "class": "tb-search__meta" });
    if (d.meta && d.meta.status) { facts.appendChild(badge(d.meta.status)); facts.appendChild(document.createTextNode(" ")); }
    var bits = [];
    if (d.meta && d.meta.programme) bits.push(d.meta.programme);
    if (d.meta && d.meta.province) bits.push(d.meta.province);
    if (!bits.length) bits.push({ list: "名单 list", policy: "政策 policy", programme: "计划 programme", province: "省份 province" }[entity] || "");
    facts.appendChild(document.createTextNode(bits.join(" · ")));
    li.appendChild(facts);
    if (withExcerpt) {  // a filter-only browse has no match to show
      var text = entity === "town" ? withoutGrams(d.excerpt, d.content) : d.excerpt;
      if (text && text.trim()) li.appendChild(excerpt(text));
    }
    var platforms = entity === "town" ? renderPlatforms(d, href, kind) : null;
    if (platforms) li.appendChild(platforms);
    return li;
  }
  // A query folded as derive/names.py normal() folds a name: NFKC, no spaces or quotes, lower case.
  function normal(q) { return q.normalize("NFKC").replace(/\s+/g, "").replace(/["'“”‘’「」『』《》]/g, "").toLowerCase(); }
  function shardOf(key) {  // FNV-1a over UTF-16 code units, as search.py shard_of
    var h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) { h ^= key.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h % namesShards;
  }
  function exactHits(q) {
    // The places this query names exactly, as Pagefind-like results; none when filters are set.
    var key = normal(q);
    if (!key || !namesUrl || !namesShards || Object.keys(filters()).length) return Promise.resolve([]);
    var n = shardOf(key), url = new URL(namesUrl.replace("{n}", String(n)), location.href).href;
    if (!shardCache[url]) shardCache[url] = fetch(url).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
    return shardCache[url].then(function (table) {
      return (Object.prototype.hasOwnProperty.call(table, key) ? table[key] : []).map(function (e) {
        return { url: new URL(base + e[0], location.href).pathname, meta: { title: e[1], status: e[2], programme: e[3], province: e[4], entity: "town" }, excerpt: "", exact: true };
      });
    });
  }
  function setState(state, text) { status.setAttribute("data-state", state); if (text != null) status.textContent = text; }
  function showMore(my) {
    var slice = results.slice(shown, shown + PAGE);
    shown += slice.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (data) {
      if (my !== serial) return;
      var kind = filters().platform_kind, withExcerpt = !!input.value.trim();
      data.forEach(function (d) {
        // A place the query names exactly stands first; Pagefind's own result for it, with its
        // excerpt and platforms, takes that place when it comes, and is not shown twice.
        var at = exactShown[d.url];
        var item = render(d, kind && kind[0], withExcerpt);
        if (d.exact) { exactShown[d.url] = item; item.setAttribute("data-exact", "true"); list.appendChild(item); }
        else if (at) { item.setAttribute("data-exact", "true"); list.replaceChild(item, at); exactShown[d.url] = item; dupes++; }
        else list.appendChild(item);
      });
      more.hidden = shown >= results.length;
    });
  }
  function filters() {
    var f = {};
    selects.forEach(function (s) { if (s.value) f[s.getAttribute("data-filter")] = [s.value]; });
    return f;
  }
  function writeUrl(q) {
    var p = new URLSearchParams();
    if (q) p.set("q", q);
    selects.forEach(function (s) { if (s.value) p.set(s.name, s.value); });
    var s = p.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
  }
  // The page keeps room for the first results of a query in the address (search.html); the
  // reader's own next step gives it back.
  function unreserve() { list.classList.remove("tb-search__results--pending"); }
  function run() {
    var q = input.value.trim(), f = filters(), my = ++serial;
    writeUrl(q);
    if (!q && !Object.keys(f).length) { list.textContent = ""; more.hidden = true; setState("ready", "请输入关键词 Type a word to search"); return; }
    setState("searching", "搜索中… Searching…");
    Promise.all([pagefind.search(q || null, { filters: f }), q ? exactHits(q) : []]).then(function (both) {
      if (my !== serial) return;
      var res = both[0], exact = both[1];
      results = exact.map(function (d) { return { data: function () { return Promise.resolve(d); } }; }).concat(res.results);
      shown = 0; list.textContent = ""; exactShown = {}; dupes = 0;
      return showMore(my).then(function () {
        if (my !== serial) return;
        var count = results.length - dupes;
        setState("done", count ? "找到 " + count + " 条结果 " + count + " results" : "没有结果 No results");
        if (!results.length && q && note) note.open = true;  // how to search, when a word found nothing
      });
    }).catch(function () { setState("done", "搜索出错 Search failed"); });
  }
  function restore() {
    var p = new URLSearchParams(location.search);
    input.value = p.get("q") || "";
    selects.forEach(function (s) {
      var v = p.get(s.name);
      if (v && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
    });
  }
  var bundle = new URL(bundleUrl, location.href);
  import(bundle.href + "pagefind.js").then(function (pf) {
    pagefind = pf;
    return pf.options({ baseUrl: new URL(base, location.href).pathname, excerptLength: 24 }).then(function () { return pf.init(); });
  }).then(function () {
    form.addEventListener("submit", function (e) { e.preventDefault(); unreserve(); run(); });
    selects.forEach(function (s) { s.addEventListener("change", function () { unreserve(); run(); }); });
    more.addEventListener("click", function () { unreserve(); showMore(serial); });
    var timer;
    input.addEventListener("input", function () { unreserve(); clearTimeout(timer); timer = setTimeout(run, 250); });
    restore();
    if (input.value || Object.keys(filters()).length) run();
    else setState("ready", "请输入关键词 Type a word to search");
  }).catch(function () { unreserve(); setState("error", "搜索索引未能加载 The search index did not load"); });
})();
