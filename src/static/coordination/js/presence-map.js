/* Partner presence map of the 3W page (Leaflet, vendored). Markers come from a json_script block
   and are drawn whether or not tiles load; labels are set as text, never as HTML. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("presence-map");
    var data = document.getElementById("presence-points");
    if (!el || !data || !window.L) return;
    var points = JSON.parse(data.textContent);
    var map = L.map(el, { preferCanvas: true, scrollWheelZoom: false }).setView([7.8, 123.3], 6);
    var noted = false;
    function offline() {
      if (noted) return;
      noted = true;
      var note = L.control({ position: "bottomleft" });
      note.onAdd = function () {
        var div = L.DomUtil.create("div", "obc-map-note");
        div.textContent = "Map tiles unavailable (offline); markers still shown.";
        return div;
      };
      note.addTo(map);
    }
    if (el.dataset.tiles) {
      var layer = L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "&copy; OpenStreetMap contributors" });
      layer.on("tileerror", offline);
      layer.addTo(map);
    } else {
      offline();
    }
    var bounds = [];
    points.forEach(function (p) {
      var label = document.createElement("span");
      label.textContent = p.name + ": " + p.organizations + " organization" + (p.organizations === 1 ? "" : "s");
      L.circleMarker([p.lat, p.lng], { radius: Math.min(14, 4 + p.organizations * 2), color: "#1f4e3d", weight: 1,
                                       fillColor: "#1f9d55", fillOpacity: 0.7 }).addTo(map).bindTooltip(label);
      bounds.push([p.lat, p.lng]);
    });
    el.dataset.markers = String(points.length);
    if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 10 });
  });
})();
