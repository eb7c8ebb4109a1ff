// The map page: beside the map (below it on a phone), the towns in the current view. It follows
// panning, zooming and the map's filters (the markers the cluster holds are the filtered ones).
// The map document is same-origin (maps/overview.html): its window.townMap is read directly.
// Names go in as text only.
(function () {
  "use strict";
  var box = document.querySelector("[data-inview]");
  var frame = document.querySelector(".tb-mapview iframe");
  if (!box || !frame) return;
  var list = box.querySelector("[data-inview-list]"), count = box.querySelector("[data-inview-count]");
  var LIMIT = 60;
  function render(api) {
    var bounds = api.map.getBounds(), rows = api.data.p, prefix = api.data.u || "", st = api.data.st;
    var inView = api.cluster.getLayers().filter(function (m) { return bounds.contains(m.getLatLng()); });
    inView.sort(function (a, b) { return rows[a.tmRow][2].localeCompare(rows[b.tmRow][2], "zh"); });
    list.textContent = "";
    inView.slice(0, LIMIT).forEach(function (m) {
      var r = rows[m.tmRow], li = document.createElement("li"), a = document.createElement("a");
      a.textContent = r[2];
      a.href = new URL(prefix + r[3], frame.contentWindow.location.href).href;
      li.appendChild(a);
      var s = document.createElement("small");
      s.textContent = " " + (st[r[4]][1] || "");
      li.appendChild(s);
      list.appendChild(li);
    });
    var n = inView.length;
    count.textContent = "视图中 " + n + " 个" + (n > LIMIT ? "，列出前 " + LIMIT + " 个" : "") +
      " · " + n + " in view" + (n > LIMIT ? ", first " + LIMIT + " listed" : "") + "；拖动或缩放地图以更新 Pan or zoom to update";
    box.setAttribute("data-inview-n", String(n));
  }
  function hook() {
    var w = frame.contentWindow, api = w && w.townMap;
    if (!api || !api.ready) { setTimeout(hook, 100); return; }
    box.hidden = false;
    var redraw = function () { render(api); };
    api.map.on("moveend zoomend", redraw);
    if (api.filter) { var apply = api.filter.apply; api.filter.apply = function () { apply(); redraw(); }; }
    api.onFilter = redraw;
    redraw();
    box.setAttribute("data-ready", "true");
  }
  frame.addEventListener("load", hook);
  if (frame.contentDocument && frame.contentDocument.readyState === "complete") hook();
})();
