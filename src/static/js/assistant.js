// The chat page (templates/ai_assistant/chat.html): after htmx appends an answer, empty the question box,
// drop the "no messages yet" note and bring the answer into view. Without JavaScript the forms post normally.
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || !form || !form.closest) {
      return;
    }
    var chat = document.getElementById("chat-messages");
    var empty = document.getElementById("chat-empty");
    if (empty && chat && chat.querySelector("[data-message]")) {
      empty.remove();
    }
    var input = document.querySelector("[data-chat-input]");
    var errors = document.getElementById("chat-form-errors");
    if (input && form.matches("[data-chat-form]") && !(errors && errors.textContent.trim())) {
      input.value = "";
    }
    var last = chat && chat.querySelector("[data-message]:last-child");
    if (last && last.scrollIntoView) {
      last.scrollIntoView({ block: "nearest" });
    }
  });
  // Enter sends, Shift+Enter starts a new line.
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key === "Enter" && !event.shiftKey && input.matches && input.matches("[data-chat-input]")) {
      event.preventDefault();
      if (input.form.requestSubmit) {
        input.form.requestSubmit();
      } else {
        input.form.submit();
      }
    }
  });
})();
