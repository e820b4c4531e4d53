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
    // A multiple choice keeps the places already chosen when its parent changes; they then show
    // their parent's name ("Poblacion (City of Dapitan)"), as the server renders them.
    function kept(select) {
      if (!select.multiple) return [];
      return Array.prototype.filter.call(select.options, function (o) { return o.selected && o.value; })
        .map(function (o) {
          if (o.dataset.parent) { o.textContent = o.textContent + " (" + o.dataset.parent + ")"; delete o.dataset.parent; }
          return o;
        });
    }
    function clear(select) {
      var keep = kept(select);
      select.innerHTML = "";
      placeholder(select);
      keep.forEach(function (o) { select.appendChild(o); });
      select.disabled = keep.length === 0;
    }
    function parentLabel(select) {
      var index = selects.indexOf(select);
      var parent = index > 0 ? selects[index - 1] : null;
      var option = parent && parent.selectedIndex >= 0 ? parent.options[parent.selectedIndex] : null;
      return option && option.value ? option.textContent : "";
    }
    function load(select, parent) {
      var level = select.dataset.level;
      var keep = kept(select);
      var parentName = parentLabel(select);
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
          var have = {};
          keep.forEach(function (o) { have[o.value] = true; select.appendChild(o); });
          rows.forEach(function (row) {
            if (have[row.code]) return;
            var option = new Option(row.label || row.name, row.code);
            var label = row.label || row.name;
            if (select.multiple && parentName && label.slice(-1) !== ")") option.dataset.parent = parentName;
            option.dataset.population = row.population == null ? "" : row.population;
            option.dataset.lat = row.latitude == null ? "" : row.latitude;
            option.dataset.lng = row.longitude == null ? "" : row.longitude;
            select.appendChild(option);
          });
          select.disabled = rows.length === 0 && keep.length === 0;
          if (rows.length === 1 && !select.multiple && select !== selects[selects.length - 1]) {
            select.value = rows[0].code;
            select.dispatchEvent(new Event("change", { bubbles: true }));
          }
          select.dispatchEvent(new CustomEvent("place:loaded", { bubbles: true }));
        })
        .catch(function () {
          select.innerHTML = "";
          placeholder(select);
          keep.forEach(function (o) { select.appendChild(o); });
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
