// Barangay pickers: when the city/municipality select changes, load its barangays from the
// location API (/api/v1/locations/municipalities/<code>/barangays/) into the picker, keeping the
// barangays already selected. Without JavaScript the form still works for the options rendered.
(function () {
  "use strict";
  document.querySelectorAll("select[data-barangay-picker]").forEach(function (picker) {
    var source = document.getElementById(picker.dataset.municipalitySource);
    if (!source) return;
    source.addEventListener("change", function () {
      var code = source.value;
      var keep = Array.prototype.filter.call(picker.options, function (o) { return o.selected && o.value; });
      picker.innerHTML = "";
      if (!picker.multiple) picker.add(new Option("—", ""));
      keep.forEach(function (o) { picker.add(o); });
      if (!code) return;
      fetch("/api/v1/locations/municipalities/" + encodeURIComponent(code) + "/barangays/?scope=mine",
            { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (rows) {
          var have = {};
          keep.forEach(function (o) { have[o.value] = true; });
          rows.forEach(function (b) {
            if (!have[b.code]) picker.add(new Option(b.name, b.code));
          });
        })
        .catch(function () { /* offline: the rendered options stay usable */ });
    });
  });
})();
