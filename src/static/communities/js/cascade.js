/* The Add/Edit Barangay OBC form: the place picker (common/js/place-picker.js) chooses the barangay;
   this fills Total Population (2020 census) and centres the map pin from the chosen option.
   The server sets the real total itself. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var barangay = document.getElementById("id_barangay");
    var total = document.getElementById("id_total_barangay_population");
    if (!barangay || !total) return;
    var mapEl = document.getElementById("form-map");
    var pin = mapEl && window.OBCMaps ? OBCMaps.picker(mapEl, document.getElementById("id_latitude"),
                                                       document.getElementById("id_longitude")) : null;
    function update() {
      var option = barangay.selectedOptions[0];
      total.value = option && option.value ? option.dataset.population || "" : "";
      if (pin && option && option.value && option.dataset.lat) {
        pin.centre(parseFloat(option.dataset.lat), parseFloat(option.dataset.lng));
      }
    }
    // After an error the census total comes back (the pin keeps what the user set).
    if (barangay.value && !total.value) total.value = barangay.selectedOptions[0].dataset.population || "";
    barangay.form.addEventListener("change", function (event) {
      if (event.target.dataset && event.target.dataset.level) update();
    });
    barangay.form.addEventListener("place:loaded", function (event) {
      if (event.target === barangay) update();
    });
  });
})();
