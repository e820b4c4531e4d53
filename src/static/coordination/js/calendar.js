/* The calendar page: FullCalendar (month, week, list) fed from /calendar/events/ with the filters. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("calendar");
    var filters = document.getElementById("calendar-filters");
    if (!el || !window.FullCalendar) return;
    function params() {
      var data = new FormData(filters);
      var out = {};
      data.forEach(function (value, key) {
        out[key] = out[key] ? [].concat(out[key], value) : value;
      });
      return out;
    }
    var narrow = window.matchMedia("(max-width: 575px)").matches;
    var calendar = new FullCalendar.Calendar(el, {
      initialView: narrow ? "listMonth" : "dayGridMonth",
      timeZone: "Asia/Manila",
      headerToolbar: { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listMonth" },
      buttonText: { today: "Today", month: "Month", week: "Week", list: "List" },
      height: "auto",
      dayMaxEvents: true,
      events: function (info, success, failure) {
        var query = new URLSearchParams();
        query.set("start", info.startStr.slice(0, 10));
        query.set("end", info.endStr.slice(0, 10));
        var p = params();
        Object.keys(p).forEach(function (k) { [].concat(p[k]).forEach(function (v) { query.append(k, v); }); });
        fetch(el.dataset.events + "?" + query.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
          .then(success)
          .catch(failure);
      },
      eventDidMount: function (info) {
        var d = info.event.extendedProps.description;
        if (d) info.el.setAttribute("title", d);
      }
    });
    calendar.render();
    filters.addEventListener("change", function () { calendar.refetchEvents(); });
    filters.addEventListener("submit", function (e) { e.preventDefault(); calendar.refetchEvents(); });
  });
})();
