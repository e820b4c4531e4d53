// Draws the analysis charts from the aggregates embedded in the page (no extra requests).
(function () {
  "use strict";
  if (!window.Chart) return;
  var charts = JSON.parse(document.getElementById("mana-charts").textContent || "[]");
  if (typeof charts === "string") charts = JSON.parse(charts);
  charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) return;
    new Chart(el, {
      type: "bar",
      data: { labels: c.labels, datasets: [{ label: "Answers", data: c.counts, backgroundColor: "#1f6f8b" }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  });
  var cats = JSON.parse(document.getElementById("mana-categories").textContent || "[]");
  var el = document.getElementById("chart-needs");
  if (el && cats.length) {
    new Chart(el, {
      type: "bar",
      data: { labels: cats.map(function (c) { return c.category; }),
              datasets: [{ label: "Needs", data: cats.map(function (c) { return c.n; }), backgroundColor: "#c2873a" }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
})();
