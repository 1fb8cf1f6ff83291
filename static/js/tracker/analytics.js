// Analytics charts, drawn from the JSON that the page embeds with json_script.
(function () {
  "use strict";

  const COLORS = ["#2f5bea", "#7c3aed", "#0891b2", "#16a34a", "#ca8a04", "#dc2626", "#6b7280", "#9333ea", "#0d9488", "#b45309"];
  const charts = [];

  function draw() {
    const source = document.getElementById("analytics-data");
    if (!source || !window.Chart) return;
    const data = JSON.parse(source.textContent);
    charts.splice(0).forEach((chart) => chart.destroy());
    const make = (name, config) => {
      const canvas = document.querySelector('canvas[data-chart="' + name + '"]');
      if (canvas) charts.push(new window.Chart(canvas, config));
    };
    const common = { responsive: true, maintainAspectRatio: false, animation: false };
    make("status", {
      type: "bar",
      data: { labels: data.status.labels, datasets: [{ label: "Applications", data: data.status.values, backgroundColor: COLORS }] },
      options: { ...common, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    make("funnel", {
      type: "bar",
      data: { labels: data.funnel.labels, datasets: [{ label: "Applications", data: data.funnel.values, backgroundColor: ["#2f5bea", "#7c3aed", "#16a34a"] }] },
      options: { ...common, indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    make("weekly", {
      type: "bar",
      data: { labels: data.weekly.labels, datasets: [{ label: "Applications sent", data: data.weekly.values, backgroundColor: "#2f5bea" }] },
      options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    make("sources", {
      type: "bar",
      data: {
        labels: data.sources.labels,
        datasets: [
          { label: "Sent", data: data.sources.sent, backgroundColor: "#93c5fd" },
          { label: "Reached interview", data: data.sources.interviews, backgroundColor: "#7c3aed" },
        ],
      },
      options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    make("weekdays", {
      type: "bar",
      data: { labels: data.weekdays.labels, datasets: [{ label: "Response rate (%)", data: data.weekdays.rates, backgroundColor: "#0891b2" }] },
      options: { ...common, scales: { y: { beginAtZero: true, max: 100 } } },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
