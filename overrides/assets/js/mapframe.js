// A town page's small map: the iframe has no src until the reader presses "显示地图 Show the map"
// or, on a screen wider than a phone (and without Save-Data), scrolls it into view. On a phone
// nothing of the map (Leaflet, tiles) loads unless asked.
(function () {
  "use strict";
  var wide = window.matchMedia ? window.matchMedia("(min-width: 600.02px)").matches : true;
  var save = !!(navigator.connection && navigator.connection.saveData);
  Array.prototype.forEach.call(document.querySelectorAll("[data-map-lazy]"), function (box) {
    if (box.getAttribute("data-map-ready")) return;
    box.setAttribute("data-map-ready", "1");
    var frame = box.querySelector("iframe[data-src]");
    var placeholder = box.querySelector(".tb-map-lazy__placeholder");
    var open = box.querySelector(".tb-map-lazy__open");
    if (!frame) return;
    var io = null;
    function load(focus) {
      if (io) { io.disconnect(); io = null; }
      if (!frame.getAttribute("src")) frame.setAttribute("src", frame.getAttribute("data-src"));
      frame.hidden = false;
      if (placeholder) placeholder.hidden = true;
      box.setAttribute("data-map-loaded", "true");
      if (focus) frame.focus();
    }
    if (open) {
      open.setAttribute("role", "button");
      open.addEventListener("click", function (e) { e.preventDefault(); load(true); });
    }
    if (wide && !save && "IntersectionObserver" in window) {
      io = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) load(false);
      });
      io.observe(box);
    }
  });
})();
