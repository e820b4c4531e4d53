// Add/edit question: show only the fields the chosen type uses (rating scale, number limits,
// options). Groups carry data-for-types; without JavaScript every field shows with its help text.
(function () {
  "use strict";
  var select = document.querySelector("select[data-question-type]");
  if (!select) return;
  var groups = document.querySelectorAll("[data-for-types]");
  function update() {
    groups.forEach(function (group) {
      var types = group.getAttribute("data-for-types").split(" ");
      group.hidden = types.indexOf(select.value) === -1;
    });
  }
  select.addEventListener("change", update);
  update();
})();
