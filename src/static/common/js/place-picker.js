/* The shared place picker (common/places): Region → Province/HUC → City/Municipality → Barangay.
   Each [data-place-picker] holds one <select data-level> per level. Changing a level clears the
   levels below and loads the next one from the location API (?scope=mine: the user's areas only).
   The server renders the options of every chosen level, so the picker works without this script. */
(function () {
  "use strict";
  var PATHS = {
    province: function (p) { return "regions/" + p + "/provinces/"; },
    municipality: function (p) { return "provinces/" + p + "/municipalities/"; },
    barangay: function (p) { return "municipalities/" + p + "/barangays/"; }
  };

  function setup(root) {
    var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-level]"));
    var status = root.querySelector("[data-place-status]");
    var api = root.dataset.api;

    function placeholder(select) {
      if (!select.multiple) select.appendChild(new Option(select.dataset.placeholder, ""));
    }
    function clear(select) {
      select.innerHTML = "";
      placeholder(select);
      select.disabled = true;
    }
    function load(select, parent) {
      var level = select.dataset.level;
      select.innerHTML = "";
      select.appendChild(new Option("Loading…", ""));
      select.disabled = true;
      if (status) status.textContent = "";
      return fetch(api + PATHS[level](encodeURIComponent(parent)) + "?scope=mine",
                   { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (rows) {
          select.innerHTML = "";
          if (rows.length || select.multiple) placeholder(select);
          else select.appendChild(new Option("None in your areas", ""));
          rows.forEach(function (row) {
            var option = new Option(row.label || row.name, row.code);
            option.dataset.population = row.population == null ? "" : row.population;
            option.dataset.lat = row.latitude == null ? "" : row.latitude;
            option.dataset.lng = row.longitude == null ? "" : row.longitude;
            select.appendChild(option);
          });
          select.disabled = rows.length === 0;
          if (rows.length === 1 && !select.multiple && select !== selects[selects.length - 1]) {
            select.value = rows[0].code;
            select.dispatchEvent(new Event("change", { bubbles: true }));
          }
          select.dispatchEvent(new CustomEvent("place:loaded", { bubbles: true }));
        })
        .catch(function () {
          select.innerHTML = "";
          placeholder(select);
          select.disabled = false;
          if (status) status.textContent = "The list could not be loaded. Check the connection and choose again.";
        });
    }
    selects.forEach(function (select, index) {
      select.addEventListener("change", function () {
        var below = selects.slice(index + 1);
        below.forEach(clear);
        var next = below[0];
        var value = select.multiple ? "" : select.value;
        if (next && value && PATHS[next.dataset.level]) load(next, value);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-place-picker]").forEach(setup);
  });
})();
