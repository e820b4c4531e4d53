/* List filters: a new region or province reloads the list, so the city/municipality list fits it. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    ["id_region", "id_province"].forEach(function (id) {
      var select = document.getElementById(id);
      if (!select || !select.form) return;
      select.addEventListener("change", function () {
        var municipality = select.form.querySelector("#id_municipality");
        if (municipality) municipality.value = "";
        if (id === "id_region" && select.form.querySelector("#id_province")) select.form.querySelector("#id_province").value = "";
        select.form.submit();
      });
    });
  });
})();
