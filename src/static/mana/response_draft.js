// Keeps a local draft of a MANA response in this browser (localStorage) until the server accepts it.
// Poor connection: if the submission never reaches the server, reopening the page restores the typing.
(function () {
  "use strict";
  var form = document.getElementById("response-form");
  if (!form || !window.localStorage) return;
  var key = "mana-draft:" + form.dataset.draftKey;
  // The server accepted the response: drop the local copies (of the new-response and edit pages).
  (form.dataset.clearDrafts || "").split(" ").forEach(function (k) {
    if (k) localStorage.removeItem("mana-draft:" + k);
  });

  function collect() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "submit") return;
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) (data[el.name] = data[el.name] || []).push(el.value);
      } else if (el.multiple) {
        data[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function restore(data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data)) return;
      var v = data[el.name];
      if (el.type === "radio" || el.type === "checkbox") el.checked = v.indexOf(el.value) !== -1;
      else if (el.multiple) Array.prototype.forEach.call(el.options, function (o) { o.selected = v.indexOf(o.value) !== -1; });
      else el.value = v;
    });
  }

  var saved = localStorage.getItem(key);
  if (saved && !form.dataset.hasServerValues && !form.dataset.clearDrafts) {
    try { restore(JSON.parse(saved)); document.getElementById("draft-restored").classList.remove("d-none"); }
    catch (e) { localStorage.removeItem(key); }
  }
  var timer;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { localStorage.setItem(key, JSON.stringify(collect())); }, 300);
  });
  form.addEventListener("submit", function () { localStorage.setItem(key, JSON.stringify(collect())); });
  var errors = document.getElementById("form-errors");
  if (errors) errors.focus();
})();
