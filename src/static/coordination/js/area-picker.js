/* Area picker: turns a text box of PSGC codes ([data-area-picker]) into the lazy
   Region → Province/HUC → City/Municipality → Barangay cascade of the location API
   (scope=mine: only the user's areas). "single" keeps the most specific level chosen;
   "multiple" adds each chosen place to a list of removable chips. Without JavaScript the
   box still takes codes typed by hand. Labels are set as text, never as HTML. */
(function () {
  "use strict";
  var LEVELS = ["region", "province", "municipality", "barangay"];
  var PROMPTS = { region: "Region", province: "Province / HUC (optional)",
                  municipality: "City / municipality (optional)", barangay: "Barangay (optional)" };

  function path(level, parent) {
    return { region: "regions/", province: "regions/" + parent + "/provinces/",
             municipality: "provinces/" + parent + "/municipalities/",
             barangay: "municipalities/" + parent + "/barangays/" }[level] + "?scope=mine";
  }

  function setup(input) {
    var form = input.form;
    var api = (form && form.dataset.api ? form.dataset.api : "/api/v1/locations/regions/").replace(/regions\/$/, "");
    var multiple = input.dataset.areaPicker === "multiple";
    var labels = {};
    try { labels = JSON.parse(input.dataset.labels || "{}"); } catch (e) { labels = {}; }
    var codes = input.value.split(/[\s,]+/).filter(Boolean);
    input.type = "hidden";

    var box = document.createElement("div");
    box.className = "area-picker";
    var row = document.createElement("div");
    row.className = "row g-2";
    var selects = {};
    LEVELS.forEach(function (level) {
      var col = document.createElement("div");
      col.className = "col-12 col-sm-6 col-lg-3";
      var select = document.createElement("select");
      select.className = "form-select form-select-sm";
      select.setAttribute("aria-label", PROMPTS[level]);
      select.dataset.level = level;
      select.disabled = level !== "region";
      col.appendChild(select);
      row.appendChild(col);
      selects[level] = select;
    });
    box.appendChild(row);
    var chips = document.createElement("ul");
    chips.className = "list-inline mt-2 mb-0";
    var add = document.createElement("button");
    add.type = "button";
    add.className = "btn btn-outline-primary btn-sm mt-2";
    add.textContent = "Add this area";
    var status = document.createElement("div");
    status.className = "small text-danger";
    status.setAttribute("role", "status");
    if (multiple) { box.appendChild(add); box.appendChild(chips); }
    box.appendChild(status);
    input.parentNode.insertBefore(box, input.nextSibling);

    function fill(select, level, rows) {
      select.textContent = "";
      select.appendChild(new Option(PROMPTS[level], ""));
      rows.forEach(function (r) {
        var label = r.name + (level === "province" && r.type === "huc" ? " (HUC)" : "");
        select.appendChild(new Option(label, r.code));
      });
      select.disabled = rows.length === 0;
    }
    function load(level, parent) {
      var select = selects[level];
      select.disabled = true;
      return fetch(api + path(level, parent), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (rows) { fill(select, level, rows); status.textContent = ""; })
        .catch(function () { status.textContent = "The list of places could not be loaded; try again."; });
    }
    function chosen() {
      var pick = null;
      LEVELS.forEach(function (level) {
        var s = selects[level];
        if (s.value) pick = { code: s.value, label: s.selectedOptions[0].textContent, level: level };
      });
      if (!pick) return null;
      var names = [];
      ["barangay", "municipality", "province"].forEach(function (level) {
        var s = selects[level];
        if (s.value) names.push(s.selectedOptions[0].textContent);
      });
      pick.label = names.length ? names.join(", ") : pick.label;
      return pick;
    }
    function sync() { input.value = codes.join(" "); }
    function render() {
      chips.textContent = "";
      codes.forEach(function (code) {
        var li = document.createElement("li");
        li.className = "list-inline-item badge text-bg-light border mb-1";
        li.textContent = (labels[code] || code) + " ";
        var x = document.createElement("button");
        x.type = "button";
        x.className = "btn-close btn-close-sm ms-1";
        x.setAttribute("aria-label", "Remove " + (labels[code] || code));
        x.addEventListener("click", function () { codes = codes.filter(function (c) { return c !== code; }); sync(); render(); });
        li.appendChild(x);
        chips.appendChild(li);
      });
    }
    LEVELS.forEach(function (level, i) {
      selects[level].addEventListener("change", function () {
        LEVELS.slice(i + 1).forEach(function (below) { fill(selects[below], below, []); });
        var next = LEVELS[i + 1];
        if (next && selects[level].value) load(next, selects[level].value);
        if (!multiple) {
          var pick = chosen();
          codes = pick ? [pick.code] : [];
          if (pick) labels[pick.code] = pick.label;
          sync();
        }
      });
    });
    add.addEventListener("click", function () {
      var pick = chosen();
      if (!pick) { status.textContent = "Choose a region first."; return; }
      if (codes.indexOf(pick.code) < 0) codes.push(pick.code);
      labels[pick.code] = pick.label;
      sync(); render();
    });
    if (!multiple && codes.length) {
      var current = document.createElement("div");
      current.className = "form-text";
      current.textContent = "Now: " + (labels[codes[0]] || codes[0]) + ". Choose again to change it.";
      box.appendChild(current);
    }
    render();
    load("region", null);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-area-picker]").forEach(setup);
  });
})();
