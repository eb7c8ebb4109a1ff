/* The site's maps (maps/*.html, made with folium): symbols, the clustered overview with its
   layer filter, and the small map of a town page. Loaded after Leaflet and tb-common.js; each map
   document calls one of tmOverview / tmShared with its map and its config (JSON written
   by generator/outputs/maps.py). Data is only ever put into the page as text (textContent), never as HTML. */
var TM_SHAPES = {
  circle: '<circle cx="10" cy="10" r="7"/>',
  triangle: '<polygon points="10,2 18.5,17 1.5,17"/>',
  star: '<polygon points="10,1.5 12.4,7.2 18.5,7.6 13.8,11.6 15.3,17.6 10,14.3 4.7,17.6 6.2,11.6 1.5,7.6 7.6,7.2"/>',
  cross: '<path d="M4 6.5L6.5 4 10 7.5 13.5 4 16 6.5 12.5 10 16 13.5 13.5 16 10 12.5 6.5 16 4 13.5 7.5 10Z"/>',
  diamond: '<polygon points="10,1.5 18.5,10 10,18.5 1.5,10"/>'
};
/* Shape and colour per status come from generator/labels.yml, through each map's config. */
var TM_STATUS = {};
function tmStatuses(statuses) {
  Object.keys(statuses || {}).forEach(function (k) { TM_STATUS[k] = [statuses[k].shape, statuses[k].colour]; });
}
/* Only constant strings go into this SVG markup; data never does. */
/* Precision at a glance, not by colour: exact filled; township hollow with a solid outline and a
   centre dot; county hollow dashed; city hollow dotted. */
var TM_DASH = {township: '', county: ' stroke-dasharray="3 2"', city: ' stroke-dasharray="1 2.2" stroke-linecap="round"'};
function tmSvg(status, approx, size, precision) {
  var s = TM_STATUS[status] || TM_STATUS.unknown, px = size || 22;
  var dash = TM_DASH.hasOwnProperty(precision) ? TM_DASH[precision] : TM_DASH.county;
  var paint = approx
    ? 'fill="#fff" stroke="' + s[1] + '" stroke-width="2.4"' + dash
    : 'fill="' + s[1] + '" stroke="#1a1a1a" stroke-width="1.2"';
  var dot = approx && precision === 'township' ? '<circle cx="10" cy="10.5" r="2.6" fill="#1a1a1a"/>' : '';
  return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" width="' + px + '" height="' + px +
    '" aria-hidden="true" focusable="false"><g ' + paint + '>' + TM_SHAPES[s[0]] + '</g>' + dot + '</svg>';
}
var tmIcons = {};
function tmIcon(status, approx, precision) {
  var k = status + (approx ? '~' + (precision || '') : '');
  if (!tmIcons[k]) {
    tmIcons[k] = L.divIcon({className: 'tm-marker tm-st-' + (TM_STATUS[status] ? status : 'unknown') + (approx ? ' tm-approx-marker tm-pr-' + (precision || 'county') : ''),
      html: tmSvg(status, approx, 22, precision), iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10]});
  }
  return tmIcons[k];
}
/* Leaflet 1.9's default attribution prefix carries a flag icon: plain text instead. The point
   data's own credit (GeoNames, CC BY 4.0) follows the tile provider's. */
function tmPrefix(map, cfg) {
  if (!map.attributionControl) return;
  map.attributionControl.setPrefix('Leaflet');
  if (cfg && cfg.pointsAttribution) map.attributionControl.addAttribution(cfg.pointsAttribution);
}
/* When a base-map tile fails (blocked host, offline, a refused key) the map says so once, in one
   line; markers, popups and the filter do not depend on tiles and keep working. */
function tmTileWatch(map, text, api) {
  var shown = false;
  map.eachLayer(function (layer) {
    if (!(layer instanceof L.TileLayer)) return;
    layer.on('tileerror', function () {
      if (shown) return;
      shown = true;
      if (api) api.tileError = true;
      var c = L.control({position: 'topleft'});
      c.onAdd = function () {
        var d = document.createElement('div');
        d.className = 'tm-label tm-tile-error';
        d.setAttribute('role', 'status');
        d.textContent = text;
        return d;
      };
      c.addTo(map);
    });
  });
}
function tmSym(status, approx, size, precision) {
  var span = document.createElement('span');
  span.className = 'tm-sym';
  span.innerHTML = tmSvg(status, approx, size || 16, precision);
  return span;
}

function tmOverview(map, CFG) {
  tmStatuses(CFG.statuses);
  tmPrefix(map, CFG);
  var cluster = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50});
  map.addLayer(cluster);
  var api = {map: map, cluster: cluster, markers: [], data: null, ready: false, error: null, filter: null};
  window.townMap = api;
  map.townMap = api;
  tmTileWatch(map, CFG.text.tileError, api);

  var el = tb.el;
  function safeHref(u) {
    if (typeof u !== 'string' || !u) return null;
    try {
      var x = new URL(u, document.baseURI);
      if (x.protocol === 'http:' || x.protocol === 'https:') return x.href;
    } catch (e) {}
    return null;
  }
  function message(text) {
    var c = L.control({position: 'bottomleft'});
    c.onAdd = function () { var d = el('div', 'tm-label', text); d.setAttribute('role', 'status'); return d; };
    c.addTo(map);
  }

  function build(d) {
    api.data = d;
    var st = d.st, pg = d.pg, pv = d.pv, rows = d.p, prefix = d.u || '';
    function popup(layer) {
      var r = rows[layer.tmRow], s = st[r[4]];
      var box = el('div', 'tm-pop');
      var href = safeHref(prefix + r[3]);
      var name = href ? el('a', 'tm-name', r[2]) : el('strong', 'tm-name', r[2]);
      if (href) { name.setAttribute('href', href); name.setAttribute('target', '_top'); }
      box.appendChild(name);
      var b = el('div');
      var badge = tb.badge(CFG.statuses[s[0]] || CFG.statuses.unknown);
      badge.insertBefore(tmSym(s[0], false, 14), badge.firstChild);
      b.appendChild(badge);
      box.appendChild(b);
      [].concat(r[5]).forEach(function (k) { if (pg[k] && pg[k][1]) box.appendChild(el('div', 'tm-prog', pg[k][1])); });
      if (pv[r[6]]) box.appendChild(el('div', 'tm-prov', pv[r[6]]));
      if (r[8]) box.appendChild(el('div', 'tm-approx', CFG.approx[d.pr[r[7]]] || CFG.approx.exact));
      var sf = (d.prs || [])[r[7]];
      if (r[8] && sf) box.appendChild(el('div', 'tm-stands', sf));
      return box;
    }
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], s = st[r[4]], approx = !!r[8];
      var m = L.marker([r[0], r[1]], {
        icon: tmIcon(s[0], approx, d.pr[r[7]]), keyboard: true, riseOnHover: true,
        title: r[2] + ' — ' + s[1] + (approx ? ' — ' + (CFG.approx[d.pr[r[7]]] || CFG.approxShort) : '')
      });
      m.tmRow = i; m.tmS = r[4]; m.tmP = r[5]; m.tmR = r[7];
      m.bindPopup(popup, {maxWidth: 280});
      api.markers.push(m);
    }
    cluster.addLayers(api.markers);
    addFilter(d);
    if (api.markers.length && CFG.fit) {
      map.fitBounds(cluster.getBounds(), {padding: [20, 20], maxZoom: CFG.fitMaxZoom});
    }
    api.ready = true;
  }

  function addFilter(d) {
    var want = CFG.layers || {};
    var groups = [];
    function counts(idx) {
      var c = {};
      for (var i = 0; i < d.p.length; i++) [].concat(d.p[i][idx]).forEach(function (k) { c[k] = (c[k] || 0) + 1; });
      return c;
    }
    function ordered(table, order) {
      var ids = table.map(function (t) { return t[0]; }), out = [];
      (order || []).forEach(function (id) { var k = ids.indexOf(id); if (k >= 0) out.push(k); });
      ids.forEach(function (id, k) { if (out.indexOf(k) < 0) out.push(k); });
      return out;
    }
    var prTable = d.pr.map(function (c, k) { return [c, (d.prn || [])[k] || c]; });
    var on = {s: d.st.map(function () { return true; }), p: d.pg.map(function () { return true; }),
              r: d.pr.map(function () { return true; })};
    if (want.status !== false) groups.push({key: 's', idx: 4, title: CFG.text.status, table: d.st, order: want.status});
    if (want.programme !== false) groups.push({key: 'p', idx: 5, title: CFG.text.programme, table: d.pg, order: want.programme});
    if (want.precision !== false) groups.push({key: 'r', idx: 7, title: CFG.text.precision, table: prTable});
    var countEl;
    function apply() {
      var vis = api.markers.filter(function (m) {
        return on.s[m.tmS] && on.r[m.tmR] && [].concat(m.tmP).some(function (k) { return on.p[k]; });
      });
      cluster.clearLayers();
      cluster.addLayers(vis);
      if (api.onFilter) api.onFilter();
      if (countEl) countEl.textContent = CFG.text.showing.split('{n}').join(vis.length).split('{total}').join(api.markers.length);
    }
    api.filter = {on: on, apply: apply};
    if (!groups.length) return;
    var ctl = L.control({position: 'topright'});
    ctl.onAdd = function () {
      var box = el('div', 'leaflet-control leaflet-bar tm-filter');
      var det = el('details');
      if (!CFG.collapsed) det.open = true;
      det.appendChild(el('summary', null, CFG.text.layers));
      groups.forEach(function (g) {
        var fs = el('fieldset'), c = counts(g.idx);
        fs.appendChild(el('legend', null, g.title));
        ordered(g.table, g.order).forEach(function (k) {
          if (!c[k]) return;
          var lab = el('label'), cb = el('input');
          cb.type = 'checkbox'; cb.checked = true;
          cb.addEventListener('change', function () { on[g.key][k] = cb.checked; apply(); });
          lab.appendChild(cb);
          if (g.key === 's') lab.appendChild(tmSym(g.table[k][0], false, 16));
          if (g.key === 'r') lab.appendChild(tmSym('unknown', g.table[k][0] !== 'exact', 16, g.table[k][0]));
          lab.appendChild(document.createTextNode(' ' + (g.table[k][1] || g.table[k][0]) + ' (' + c[k] + ')'));
          fs.appendChild(lab);
        });
        det.appendChild(fs);
      });
      var note = el('p', 'tm-note');
      note.appendChild(tmSym('unknown', true, 16));
      note.appendChild(document.createTextNode(CFG.text.approxLegend));
      det.appendChild(note);
      countEl = el('p', 'tm-count');
      countEl.setAttribute('aria-live', 'polite');
      det.appendChild(countEl);
      box.appendChild(det);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    ctl.addTo(map);
    countEl.textContent = CFG.text.showing.split('{n}').join(api.markers.length).split('{total}').join(api.markers.length);
  }

  fetch(CFG.pointsUrl, {credentials: 'same-origin'})
    .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then(build)
    .catch(function (e) { api.error = String(e); message(CFG.text.loadError); });
}

function tmShared(map, C) {
  tmStatuses(C.statuses);
  tmPrefix(map, C);
  // The town's point comes in the URL fragment, already in the tile datum (converted at build).
  var q = new URLSearchParams(location.hash.slice(1));
  var lat = parseFloat(q.get('lat')), lon = parseFloat(q.get('lon'));
  if (!isFinite(lat) || !isFinite(lon)) return;
  var status = Object.prototype.hasOwnProperty.call(C.statuses, q.get('s')) ? q.get('s') : 'unknown';
  var prec = C.precisions.indexOf(q.get('p')) >= 0 ? q.get('p') : 'exact';
  var approx = q.get('a') === '1';
  var label = approx ? C.approx[prec] : '';
  var title = (q.get('n') || '') + (label ? ' — ' + label : '');
  map.setView([lat, lon], C.zoom[prec]);
  var m = L.marker([lat, lon], {icon: tmIcon(status, approx, prec), keyboard: true, title: title}).addTo(map);
  if (label) {
    var c = L.control({position: 'bottomleft'});
    c.onAdd = function () {
      var d = document.createElement('div');
      d.className = 'tm-label';
      d.appendChild(tmSym(status, approx, 14, prec));
      d.appendChild(document.createTextNode(label));
      return d;
    };
    c.addTo(map);
  }
  window.townMap = {map: map, marker: m, tileError: false};
  tmTileWatch(map, C.text.tileError, window.townMap);
}
