/* The Add Barangay OBC cascade: Region → Province/HUC → City/Municipality → Barangay.
   Each level is loaded lazily from the location API (scope=mine: only the user's areas).
   Choosing a barangay fills Total Population (2020 census) and centres the map pin;
   the server sets the real total itself. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-cascade]");
    if (!root) return;
    var api = root.dataset.api.replace(/regions\/$/, "");
    var levels = {
      region: document.getElementById("cascade-region"),
      province: document.getElementById("cascade-province"),
      municipality: document.getElementById("cascade-municipality"),
      barangay: document.getElementById("id_barangay")
    };
    var placeholders = {
      region: "Choose a region", province: "Choose a province or HUC",
      municipality: "Choose a city/municipality", barangay: "Choose a barangay"
    };
    var total = document.getElementById("id_total_barangay_population");
    var status = document.getElementById("cascade-status");
    var mapEl = document.getElementById("form-map");
    var pin = mapEl && window.OBCMaps ? OBCMaps.picker(mapEl, document.getElementById("id_latitude"),
                                                       document.getElementById("id_longitude")) : null;

    function url(level, parent) {
      var path = {
        region: "regions/", province: "regions/" + parent + "/provinces/",
        municipality: "provinces/" + parent + "/municipalities/", barangay: "municipalities/" + parent + "/barangays/"
      }[level];
      return api + path + "?scope=mine";
    }
    function label(level, row) {
      return row.label || row.name;  // the API's display label (common/places.py)
    }
    function reset(level) {
      var select = levels[level];
      select.innerHTML = "";
      select.appendChild(new Option(placeholders[level], ""));
      select.disabled = true;
    }
    function load(level, parent, selected) {
      var select = levels[level];
      select.disabled = true;
      select.innerHTML = "";
      select.appendChild(new Option("Loading…", ""));
      status.textContent = "";
      return fetch(url(level, parent), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (rows) {
          select.innerHTML = "";
          select.appendChild(new Option(rows.length ? placeholders[level] : "None in your areas", ""));
          rows.forEach(function (row) {
            var opt = new Option(label(level, row), row.code);
            opt.dataset.population = row.population == null ? "" : row.population;
            opt.dataset.lat = row.latitude == null ? "" : row.latitude;
            opt.dataset.lng = row.longitude == null ? "" : row.longitude;
            select.appendChild(opt);
          });
          select.disabled = rows.length === 0;
          if (selected && select.querySelector('option[value="' + selected + '"]')) select.value = selected;
          else if (rows.length === 1 && level !== "barangay") select.value = rows[0].code;
          return select.value;
        })
        .catch(function () {
          select.innerHTML = "";
          select.appendChild(new Option("Could not load; try again", ""));
          select.disabled = false;
          status.textContent = "The location list could not be loaded. Check the connection and choose again.";
          return "";
        });
    }
    var order = ["region", "province", "municipality", "barangay"];
    function below(level) { return order.slice(order.indexOf(level) + 1); }
    function onBarangay() {
      var opt = levels.barangay.selectedOptions[0];
      total.value = opt && opt.value ? opt.dataset.population : "";
      if (pin && opt && opt.value) pin.centre(parseFloat(opt.dataset.lat), parseFloat(opt.dataset.lng));
    }
    function chain(level, value, initial) {
      below(level).forEach(reset);
      if (level === "barangay") { onBarangay(); return Promise.resolve(); }
      if (!value) { onBarangay(); return Promise.resolve(); }
      var next = below(level)[0];
      return load(next, value, initial && initial[next]).then(function (v) { return chain(next, v, initial); });
    }
    order.forEach(function (level) {
      levels[level].addEventListener("change", function () { chain(level, levels[level].value, null); });
    });
    var initial = {
      region: root.dataset.region, province: root.dataset.province,
      municipality: root.dataset.municipality, barangay: root.dataset.barangay
    };
    load("region", null, initial.region).then(function (v) { return chain("region", v, initial); });
  });
})();
