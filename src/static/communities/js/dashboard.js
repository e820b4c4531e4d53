/* Communities dashboard charts (Chart.js, vendored). Data comes from json_script blocks. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("dashboard-stats");
    if (!source) return;  // no communities in the user's areas yet: the page shows a note, no charts
    var stats = JSON.parse(source.textContent);
    var green = "#1f9d55", dark = "#0b5d3b";
    function bar(id, labels, values, label, opts) {
      var el = document.getElementById(id);
      if (!el || !window.Chart) return;
      // One bar per row and every label shown: the chart grows with the rows instead of skipping labels.
      el.parentNode.style.height = Math.max(320, labels.length * 26 + 40) + "px";
      new Chart(el, {
        type: "bar",
        data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: green, borderColor: dark, borderWidth: 1 }] },
        options: Object.assign({
          responsive: true, maintainAspectRatio: false, indexAxis: "y", plugins: { legend: { display: false } },
          scales: { y: { ticks: { autoSkip: false, callback: function (v) { var s = this.getLabelForValue(v); return s.length > 22 ? s.slice(0, 21) + "…" : s; } } } }
        }, opts || {})
      });
    }
    bar("chart-province", stats.by_province.map(function (r) { return r.name; }),
        stats.by_province.map(function (r) { return r.obc_population; }), "OBC population");
    bar("chart-group", stats.by_ethnolinguistic_group.map(function (r) { return r.label; }),
        stats.by_ethnolinguistic_group.map(function (r) { return r.obc_population; }), "OBC population");
    bar("chart-access", stats.access.map(function (r) { return r.label; }),
        stats.access.map(function (r) { return r.average; }), "Average rating (1–5)",
        { scales: { x: { min: 0, max: 5 }, y: { ticks: { autoSkip: false, callback: function (v) { var s = this.getLabelForValue(v); return s.length > 22 ? s.slice(0, 21) + "…" : s; } } } } });
  });
})();
