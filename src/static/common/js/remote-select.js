/* Selects with data-remote-select="<url>": Tom Select searching the server as the user types
   (common/remote_select.py). The page holds only the chosen options; matches come from
   <url>?q=<text> as {"results": [{"value": …, "text": …}]}, read as text (Tom Select escapes labels). */
(function () {
  "use strict";

  function setUp(select) {
    if (select.tomselect || typeof window.TomSelect !== "function") return;
    var url = select.getAttribute("data-remote-select");
    var multiple = select.multiple;
    new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: 50,
      loadThrottle: 250,
      preload: "focus",
      placeholder: select.getAttribute("data-placeholder") || "",
      // Several: each chosen one has its ×; one, when it may be empty: a × clears it.
      plugins: multiple ? ["remove_button"] : select.required ? [] : ["clear_button"],
      // The server has already matched (folded, word by word); keep its order.
      score: function () { return function () { return 1; }; },
      hideSelected: true,
      closeAfterSelect: !multiple,
      load: function (query, callback) {
        // Only this query's matches are shown: the score above keeps every loaded option, so drop
        // the previous query's ones first (the chosen ones stay).
        this.clearOptions();
        var address = url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
        fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { callback(data.results || []); })
          .catch(function () { callback(); });
      },
    });
  }

  function setUpAll(root) {
    (root || document).querySelectorAll("select[data-remote-select]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  document.body && document.body.addEventListener("htmx:afterSwap", function (event) { setUpAll(event.target); });
})();
