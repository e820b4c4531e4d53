/* Policies dashboard charts (Chart.js, vendored). Data comes from the json_script block, as text. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("policy-figures");
    if (!node || !window.Chart) return;
    var figures = JSON.parse(node.textContent);
    function bar(id, rows, value, label) {
      var el = document.getElementById(id);
      if (!el || !rows || !rows.length) return;
      new Chart(el, {
        type: "bar",
        data: { labels: rows.map(function (r) { return r.label; }),
                datasets: [{ label: label, data: rows.map(function (r) { return r[value]; }), backgroundColor: "#1f9d55" }] },
        options: { responsive: true, maintainAspectRatio: false, indexAxis: "y", plugins: { legend: { display: false } },
                   scales: { y: { ticks: { callback: function (v) { var s = this.getLabelForValue(v); return s.length > 24 ? s.slice(0, 23) + "…" : s; } } } } }
      });
    }
    bar("chart-status", figures.by_status, "count", "Recommendations");
    bar("chart-category", figures.by_category, "count", "Recommendations");
    bar("chart-sector", figures.by_sector, "count", "Recommendations");
    bar("chart-region", figures.by_region, "count", "Recommendations");
    bar("chart-stage", figures.stage_days, "days", "Average days");
  });
})();
