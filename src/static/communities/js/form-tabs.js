/* Open the first tab that holds an error, so the user sees what to fix. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var tab = document.querySelector(".nav-tabs .nav-link.has-errors");
    if (tab && window.bootstrap) bootstrap.Tab.getOrCreateInstance(tab).show();
  });
})();
