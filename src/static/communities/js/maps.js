/* OBCMS communities maps (Leaflet, vendored). Markers are drawn whether or not tiles load:
   when the tile server is unreachable (offline) a note says so and the markers stay. */
(function () {
  "use strict";
  var PH_CENTRE = [7.8, 123.3];

  function base(el, zoom) {
    var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
    var centre = isNaN(lat) || isNaN(lng) ? PH_CENTRE : [lat, lng];
    var map = L.map(el, { preferCanvas: true, scrollWheelZoom: false }).setView(centre, zoom);
    var tiles = el.dataset.tiles;
    var offline = function () {
      if (el.dataset.offlineNoted) return;
      el.dataset.offlineNoted = "1";
      var note = L.control({ position: "bottomleft" });
      note.onAdd = function () {
        var div = L.DomUtil.create("div", "obc-map-note");
        div.textContent = "Map tiles unavailable (offline); markers still shown.";
        return div;
      };
      note.addTo(map);
    };
    if (tiles) {
      var layer = L.tileLayer(tiles, { maxZoom: 18, attribution: "&copy; OpenStreetMap contributors" });
      layer.on("tileerror", offline);
      layer.addTo(map);
    } else {
      offline();
    }
    return map;
  }

  function single(el) {
    if (!el) return null;
    var map = base(el, 13);
    var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
    if (!isNaN(lat) && !isNaN(lng)) {
      L.circleMarker([lat, lng], { radius: 9, color: "#0b5d3b", weight: 3, fillOpacity: 0.6 })
        .addTo(map).bindTooltip(textElement("span", el.dataset.label || ""));
    }
    return map;
  }

  function points(el) {
    var map = base(el, 7);
    fetch(el.dataset.points, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { points: [] }; })
      .then(function (data) {
        var bounds = [];
        data.points.forEach(function (p) {
          var radius = Math.max(3, Math.min(9, Math.sqrt(p.population || 1) / 6));
          L.circleMarker([p.lat, p.lng], { radius: radius, color: "#0b5d3b", weight: 1, fillColor: "#1f9d55", fillOpacity: 0.7 })
            .addTo(map)
            .bindPopup(popupContent(el.dataset.detail.replace("0", p.id), p));
          bounds.push([p.lat, p.lng]);
        });
        el.dataset.markers = String(data.points.length);
        if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12 });
      });
    return map;
  }

  /* The form's pin: centres on the chosen barangay; dragging it fills latitude/longitude. */
  function picker(el, latInput, lngInput) {
    var map = base(el, 13), marker = null;
    function place(lat, lng, zoom) {
      if (marker) { marker.setLatLng([lat, lng]); }
      else {
        marker = L.marker([lat, lng], { draggable: true, title: "Community location", keyboard: true }).addTo(map);
        marker.on("dragend", function () {
          var ll = marker.getLatLng();
          latInput.value = ll.lat.toFixed(6); lngInput.value = ll.lng.toFixed(6);
          latInput.dataset.auto = lngInput.dataset.auto = "";
        });
      }
      map.setView([lat, lng], zoom || map.getZoom());
    }
    var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
    if (!isNaN(lat) && !isNaN(lng)) place(lat, lng, 14);
    return {
      centre: function (lat, lng) {
        if (isNaN(lat) || isNaN(lng)) return;
        var manual = latInput.value && !latInput.dataset.auto;
        if (!manual) { latInput.value = lat; lngInput.value = lng; latInput.dataset.auto = lngInput.dataset.auto = "1"; }
        place(manual ? parseFloat(latInput.value) : lat, manual ? parseFloat(lngInput.value) : lng, 14);
      },
      map: map
    };
  }

  /* Labels are user data (purok/sitio names...): Leaflet treats a string as HTML, so every label is
     handed over as a DOM element whose text is set with textContent and never parsed. */
  function textElement(tag, text) {
    var node = document.createElement(tag);
    node.textContent = text;
    return node;
  }

  function popupContent(href, p) {
    var box = document.createElement("div");
    var link = textElement("a", p.obc_id || "");
    link.setAttribute("href", href);
    box.appendChild(link);
    box.appendChild(textElement("div", p.name || ""));
    box.appendChild(textElement("div", (p.population || 0).toLocaleString() + " people"));
    return box;
  }

  window.OBCMaps = { single: single, points: points, picker: picker };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-obc-map=single]").forEach(single);
    document.querySelectorAll("[data-obc-map=points]").forEach(points);
  });
})();
