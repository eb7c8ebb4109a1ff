// Directory with facets. Data: data/directory.json (columnar). All data is inserted with
// textContent / createElement, never as HTML. Filters live in the query string.
(function () {
  "use strict";
  var root = document.getElementById("tb-dir");
  if (!root) return;
  var townUrl = root.getAttribute("data-town-url");  // "…/towns/{slug}/" (generator/outputs/urls.py)
  var PAGE = 100;
  var FACETS = Array.prototype.map.call(root.querySelectorAll("fieldset[data-facet]"), function (f) { return f.getAttribute("data-facet"); });
  var D, N, shown = PAGE, selected = {}, sort = "name", hits = [], picked = [], csv = null;
  var compareUrl = root.getAttribute("data-compare-url"), MAXPICK = Number(root.getAttribute("data-compare-max"));

  var el = tb.el, badge = tb.badge;  // assets/js/tb-common.js
  // Facet value -> display text; URL value -> the value's key in the URL.
  function label(facet, v) {
    if (facet === "status") return D.labels.status[v].zh + " " + D.labels.status[v].en;
    if (facet === "programme") return D.labels.programme[v];
    if (facet === "industry") return D.labels.industry[v];
    if (facet === "batch") return "第" + v + "批";
    return String(v);
  }
  function has(facet, i, vi) {
    var x = D.c[facet][i];
    return Array.isArray(x) ? x.indexOf(vi) >= 0 : x === vi;
  }
  function matches(i, skip) {
    for (var f = 0; f < FACETS.length; f++) {
      var facet = FACETS[f];
      if (facet === skip) continue;
      var sel = selected[facet];
      if (!sel || !sel.length) continue;
      var ok = false;
      for (var k = 0; k < sel.length; k++) if (has(facet, i, sel[k])) { ok = true; break; }
      if (!ok) return false;
    }
    return true;
  }
  function readUrl() {
    var q = new URLSearchParams(location.search);
    selected = {};
    FACETS.forEach(function (facet) {
      var vals = q.getAll(facet);
      selected[facet] = [];
      vals.forEach(function (v) {
        var i = D.v[facet].findIndex(function (x) { return String(x) === v; });
        if (i >= 0 && selected[facet].indexOf(i) < 0) selected[facet].push(i);
      });
    });
    sort = q.get("sort") || "name";
    document.getElementById("tb-dir-sort").value = sort;
  }
  function writeUrl() {
    var q = new URLSearchParams();
    FACETS.forEach(function (facet) { (selected[facet] || []).forEach(function (i) { q.append(facet, String(D.v[facet][i])); }); });
    if (sort !== "name") q.set("sort", sort);
    var s = q.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
    document.getElementById("tb-dir-share").setAttribute("href", location.href);
  }
  function renderFacets() {
    FACETS.forEach(function (facet) {
      var box = root.querySelector('fieldset[data-facet="' + facet + '"] .tb-dir__values');
      var counts = new Array(D.v[facet].length).fill(0);
      for (var i = 0; i < N; i++) {
        if (!matches(i, facet)) continue;
        var x = D.c[facet][i];
        if (Array.isArray(x)) x.forEach(function (vi) { counts[vi]++; });
        else if (x >= 0) counts[x]++;
      }
      var order = D.v[facet].map(function (_, i) { return i; });
      order.sort(function (a, b) {
        var va = D.v[facet][a], vb = D.v[facet][b];
        if (typeof va === "number") return facet === "year" ? vb - va : va - vb;
        if (facet === "status") return 0;
        return counts[b] - counts[a] || label(facet, va).localeCompare(label(facet, vb), "zh-CN");
      });
      var frag = document.createDocumentFragment();
      order.forEach(function (vi) {
        var id = "f-" + facet + "-" + vi;
        var checked = selected[facet].indexOf(vi) >= 0;
        if (!counts[vi] && !checked) return;
        var row = el("div", { "class": "tb-dir__value" });
        var cb = el("input", { type: "checkbox", id: id, name: facet, value: String(D.v[facet][vi]) });
        cb.checked = checked;
        cb.addEventListener("change", function () {
          var s = selected[facet], at = s.indexOf(vi);
          if (cb.checked && at < 0) s.push(vi);
          if (!cb.checked && at >= 0) s.splice(at, 1);
          shown = PAGE; update(id);
        });
        var lab = el("label", { "for": id }, label(facet, D.v[facet][vi]) + " ");
        lab.appendChild(el("span", { "class": "tb-dir__n" }, "(" + counts[vi] + ")"));
        row.appendChild(cb); row.appendChild(lab);
        frag.appendChild(row);
      });
      box.textContent = "";
      box.appendChild(frag);
      box.parentNode.hidden = !box.childNodes.length;
    });
  }
  function comparator() {
    var name = function (a, b) { return D.c.name[a].localeCompare(D.c.name[b], "zh-CN"); };
    if (sort === "listed") return function (a, b) { return (D.c.listed[b] || "").localeCompare(D.c.listed[a] || "") || name(a, b); };
    if (sort === "listed-asc") return function (a, b) { return (D.c.listed[a] || "9999").localeCompare(D.c.listed[b] || "9999") || name(a, b); };
    if (sort === "area") return function (a, b) {
      var x = D.c.area[a], y = D.c.area[b];
      return (y == null ? -1 : y) - (x == null ? -1 : x) || name(a, b);
    };
    return name;
  }
  function renderPicked() {
    var q = new URLSearchParams(); picked.forEach(function (s) { q.append("t", s); });
    var a = document.getElementById("tb-dir-compare");
    a.setAttribute("href", compareUrl + (picked.length ? "?" + q.toString() : ""));
    a.setAttribute("aria-disabled", picked.length ? "false" : "true");
    document.getElementById("tb-dir-picked").textContent = "(" + picked.length + "/" + MAXPICK + ")";
    Array.prototype.forEach.call(document.querySelectorAll("#tb-dir-rows input.tb-dir__pick-box"), function (cb) {
      cb.disabled = !cb.checked && picked.length >= MAXPICK;
    });
  }
  // The filter's rows as towns.csv has them: the generator's own lines (data/directory-csv.json,
  // in directory.json's order), so the download is towns.csv less the rows filtered out.
  function downloadCsv() {
    var get = csv ? Promise.resolve(csv) : fetch(root.getAttribute("data-csv-src")).then(function (r) {
      if (!r.ok) throw new Error(r.status); return r.json();
    });
    get.then(function (c) {
      csv = c;
      var rows = hits.slice().sort(function (a, b) { return a - b; }).map(function (i) { return c.lines[i]; });
      var blob = new Blob(["\ufeff" + c.header + rows.join("")], { type: "text/csv;charset=utf-8" });
      var a = el("a", { href: URL.createObjectURL(blob), download: "towns-filtered.csv" });
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    });
  }
  function renderRows() {
    hits = [];
    for (var i = 0; i < N; i++) if (matches(i, null)) hits.push(i);
    hits.sort(comparator());
    var body = document.getElementById("tb-dir-rows");
    var frag = document.createDocumentFragment();
    hits.slice(0, shown).forEach(function (i) {
      // On a phone each row is a card (directory.css): name, place, programme, badge.
      var tr = el("tr", { "class": "tb-dir__row" });
      var td = el("td", { "class": "tb-dir__name" }), a = el("a", { href: townUrl.replace("{slug}", encodeURIComponent(D.c.slug[i])) }, D.c.name[i]);
      td.appendChild(a);
      var pick = el("label", { "class": "tb-dir__pick" }), cb = el("input", { type: "checkbox", "class": "tb-dir__pick-box" });
      var slug = D.c.slug[i];
      cb.checked = picked.indexOf(slug) >= 0;
      cb.setAttribute("aria-label", "对比 Compare " + D.c.name[i]);
      cb.addEventListener("change", function () {
        var at = picked.indexOf(slug);
        if (cb.checked && at < 0 && picked.length < MAXPICK) picked.push(slug);
        if (!cb.checked && at >= 0) picked.splice(at, 1);
        cb.checked = picked.indexOf(slug) >= 0;
        renderPicked();
      });
      pick.appendChild(document.createTextNode(" ")); pick.appendChild(cb); pick.appendChild(document.createTextNode(" 对比"));
      td.appendChild(pick);
      tr.appendChild(td);
      var p = D.c.province[i], c = D.c.city[i];
      tr.appendChild(el("td", { "class": "tb-dir__place" }, (p >= 0 ? D.v.province[p] : "") + (c >= 0 ? " · " + D.v.city[c] : "") + (D.c.county[i] ? " " + D.c.county[i] : "")));
      var pg = el("td", { "class": "tb-dir__prog" }), st = el("td", { "class": "tb-dir__status" });
      D.c.dprog[i].forEach(function (pi, k) {  // one line per designation: programme and its badge
        if (k) { pg.appendChild(el("br")); st.appendChild(el("br")); }
        pg.appendChild(document.createTextNode(label("programme", D.v.programme[pi])));
        st.appendChild(badge(D.labels.status[D.v.status[D.c.dstatus[i][k]]], D.c.dcat[i][k]));
      });
      tr.appendChild(pg);
      var t = D.c.type[i];
      tr.appendChild(el("td", { "class": "tb-dir__type" }, t.length ? t.map(function (x) { return D.v.type[x]; }).join("、") : "未知"));
      tr.appendChild(el("td", { "class": "tb-dir__listed" }, D.c.listed[i]));
      tr.appendChild(el("td", { "class": "tb-dir__area" }, D.c.area[i] == null ? "" : String(D.c.area[i])));
      tr.appendChild(st);
      frag.appendChild(tr);
    });
    body.textContent = "";
    body.appendChild(frag);
    var active = FACETS.reduce(function (n, f) { return n + (selected[f] ? selected[f].length : 0); }, 0);
    document.getElementById("tb-dir-active").textContent = active ? "（" + active + "）" : "";
    document.getElementById("tb-dir-count").textContent =
      "共 " + hits.length + " 个小镇（总数 " + N + "） " + hits.length + " of " + N + " towns" +
      (hits.length > shown ? "；显示前 " + shown + " showing " + shown : "");
    root.setAttribute("data-count", String(hits.length));
    document.getElementById("tb-dir-more").hidden = hits.length <= shown;
    renderPicked();
  }
  function update(focusId) {
    renderFacets(); renderRows(); writeUrl();
    if (focusId) { var f = document.getElementById(focusId); if (f) f.focus(); }
  }
  function start(data) {
    D = data; N = data.n;
    readUrl();
    document.getElementById("tb-dir-sort").addEventListener("change", function (e) { sort = e.target.value; shown = PAGE; update(); });
    document.getElementById("tb-dir-csv").addEventListener("click", downloadCsv);
    document.getElementById("tb-dir-more").addEventListener("click", function () { shown += PAGE; renderRows(); });
    document.getElementById("tb-dir-facets").addEventListener("reset", function (e) {
      e.preventDefault(); FACETS.forEach(function (f) { selected[f] = []; }); shown = PAGE; update();
    });
    window.addEventListener("popstate", function () { readUrl(); renderFacets(); renderRows(); });
    // Phones: the facets stay closed behind "筛选 Filter" so that the results come first.
    var app = document.getElementById("tb-dir-app"), toggle = document.getElementById("tb-dir-toggle");
    function openFacets(open) {
      app.setAttribute("data-facets", open ? "open" : "closed");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    toggle.addEventListener("click", function () {
      var open = app.getAttribute("data-facets") !== "open";
      openFacets(open);
      if (open) { var first = root.querySelector("#tb-dir-facets input"); if (first) first.focus(); }
    });
    document.getElementById("tb-dir-done").addEventListener("click", function () {
      openFacets(false);
      toggle.focus();
      document.getElementById("tb-dir-count").scrollIntoView({ block: "start" });
    });
    openFacets(false);
    document.getElementById("tb-dir-app").hidden = false;
    document.getElementById("tb-dir-base").hidden = true;
    update();
    root.setAttribute("data-ready", "true");
  }
  fetch(root.getAttribute("data-src")).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(start).catch(function () { /* the server-rendered list stays */ });
})();
