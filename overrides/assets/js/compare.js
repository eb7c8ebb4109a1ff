// 对比 Compare: up to four towns side by side, from data/compare/{slug}.json (generator/outputs/compare.py:
// every text is worded there). The chosen towns live in the address (?t=…&t=…) and in localStorage;
// ?add=slug (the town pages' link) adds one. Text only, never HTML.
(function () {
  "use strict";
  var root = document.getElementById("tb-cmp");
  if (!root) return;
  var MAX = Number(root.getAttribute("data-max")), src = root.getAttribute("data-src"), KEY = "tb-compare";
  var el = tb.el, badge = tb.badge;
  var status = document.getElementById("tb-cmp-status");

  function stored() { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function store(list) { try { localStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* private mode */ } }
  function unique(list) { return list.filter(function (s, i) { return s && list.indexOf(s) === i; }); }

  var q = new URLSearchParams(location.search), chosen = q.getAll("t"), note = "";
  if (!chosen.length) chosen = stored();
  if (q.get("add")) chosen = chosen.concat([q.get("add")]);
  chosen = unique(chosen);
  if (chosen.length > MAX) { note = "最多对比 " + MAX + " 个，已保留最近选择的 " + MAX + " 个。Up to " + MAX + " towns: kept the latest. "; chosen = chosen.slice(-MAX); }

  function save() {
    store(chosen);
    var s = new URLSearchParams(); chosen.forEach(function (x) { s.append("t", x); });
    var url = location.pathname + (chosen.length ? "?" + s.toString() : "");
    history.replaceState(null, "", url);
    document.getElementById("tb-cmp-link").setAttribute("href", url);
  }

  function cellText(td, text, scope) {
    if (text == null) td.appendChild(el("span", "tb-unknown", "未知 unknown"));
    else td.appendChild(document.createTextNode(text));
    if (scope) { td.appendChild(el("br")); td.appendChild(el("small", "tb-scope", scope)); }
  }

  function render(towns) {
    var head = document.getElementById("tb-cmp-head"), body = document.getElementById("tb-cmp-body");
    while (head.children.length > 1) head.removeChild(head.lastChild);
    body.textContent = "";
    document.getElementById("tb-cmp-table").hidden = !towns.length;
    status.textContent = note + (towns.length ? "对比 " + towns.length + " 个小镇 Comparing " + towns.length + " towns"
      : "尚未选择小镇。No towns chosen yet.");
    towns.forEach(function (t, k) {
      var th = el("th", { scope: "col", "class": "tb-cmp__town" });
      th.appendChild(el("a", { href: t.url }, t.name));
      var rm = el("button", { type: "button", "class": "tb-cmp__remove" }, "移除 Remove");
      rm.setAttribute("aria-label", "移除 Remove " + t.name);
      rm.addEventListener("click", function () { chosen.splice(k, 1); note = ""; save(); load(); });
      th.appendChild(el("br")); th.appendChild(rm);
      head.appendChild(th);
    });
    function row(zh, en, fill) {
      var tr = el("tr"), th = el("th", { scope: "row" }, zh + " ");
      th.appendChild(el("span", { lang: "en" }, en));
      tr.appendChild(th);
      towns.forEach(function (t) { var td = el("td"); fill(td, t); tr.appendChild(td); });
      body.appendChild(tr);
    }
    row("地点", "Place", function (td, t) { cellText(td, t.place); });
    row("认定与状态", "Designations and status", function (td, t) {
      t.designations.forEach(function (d, i) {
        if (i) td.appendChild(el("br"));
        td.appendChild(badge(d.status, d.category));
        td.appendChild(document.createTextNode(" " + d.programme + (d.listed ? "（" + d.listed + "）" : "")));
      });
    });
    var labels = [];
    towns.forEach(function (t) { t.facts.forEach(function (f) { if (labels.indexOf(f.label) < 0) labels.push(f.label); }); });
    labels.forEach(function (label) {
      row(label, "", function (td, t) {
        var f = t.facts.filter(function (x) { return x.label === label; })[0];
        cellText(td, f ? f.text : null, f ? f.scope : null);
      });
    });
    var kinds = [];
    towns.forEach(function (t) { t.platforms.forEach(function (p) { if (kinds.indexOf(p.kind) < 0) kinds.push(p.kind); }); });
    kinds.forEach(function (kind) {
      row("平台：" + kind, "Platforms", function (td, t) {
        var p = t.platforms.filter(function (x) { return x.kind === kind; })[0];
        td.appendChild(document.createTextNode(p ? p.names.length + "：" + p.names.join("、") : "0"));
      });
    });
    row("考核指标", "Criteria", function (td, t) {
      var any = false;
      t.designations.forEach(function (d) {
        if (!d.criteria) return;
        if (any) td.appendChild(el("br"));
        any = true;
        var c = d.criteria;
        td.appendChild(document.createTextNode(d.programme + "：达标 met " + c.met + " · 未达标 not met " + c.unmet + " · 未知 unknown " + c.unknown + "（共 " + c.total + "）"));
      });
      if (!any) cellText(td, null);
    });
    root.setAttribute("data-count", String(towns.length));
    root.setAttribute("data-ready", "true");
  }

  function load() {
    Promise.all(chosen.map(function (slug) {
      return fetch(src.replace("{slug}", encodeURIComponent(slug))).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
    })).then(function (towns) {
      var missing = towns.filter(function (t) { return !t; }).length;
      if (missing) {
        chosen = chosen.filter(function (_, i) { return towns[i]; });
        note += "有 " + missing + " 个小镇未找到，已移除。" + missing + " town(s) not found, removed. ";
        save();
      }
      render(towns.filter(Boolean));
    });
  }
  document.getElementById("tb-cmp-clear").addEventListener("click", function () { chosen = []; note = ""; save(); load(); });
  save();
  load();
})();
