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
  var palette = ["#1f6f8b", "#c2873a", "#5b8c51", "#8b5b9e", "#b24c4c", "#4c7ab2", "#8c8c3a", "#3a8c86", "#9e6b5b", "#666666"];
  var byEl = document.getElementById("mana-breakdown-charts");
  var breakdowns = byEl ? JSON.parse(byEl.textContent || "[]") : [];
  breakdowns.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) return;
    var datasets = c.datasets.map(function (d, i) {
      return { label: d.label, data: d.data, backgroundColor: palette[i % palette.length] };
    });
    new Chart(el, {
      type: "bar",
      data: { labels: c.labels, datasets: datasets },
      options: { indexAxis: "y", plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
                 scales: { x: { beginAtZero: true, stacked: false } } }
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
