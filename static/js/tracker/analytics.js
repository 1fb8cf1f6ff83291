// Analytics charts, drawn from the JSON that the page embeds with json_script.
(function () {
  "use strict";

  const charts = [];

  // Colours come from the design tokens in app.css, so a status has one colour everywhere.
  function token(name) {
    return getComputedStyle(document.documentElement).getPropertyValue("--cc-" + name).trim();
  }

  function draw() {
    const source = document.getElementById("analytics-data");
    if (!source || !window.Chart) return;
    const data = JSON.parse(source.textContent);
    const brand = token("status-applied");
    const interview = token("status-technical");
    const offer = token("status-offer");
    window.Chart.defaults.color = token("text-muted");
    window.Chart.defaults.borderColor = token("border");
    charts.splice(0).forEach((chart) => chart.destroy());
    const make = (name, config) => {
      const canvas = document.querySelector('canvas[data-chart="' + name + '"]');
      if (canvas) charts.push(new window.Chart(canvas, config));
    };
    const common = { responsive: true, maintainAspectRatio: false, animation: false };
    make("status", {
      type: "bar",
      data: { labels: data.status.labels, datasets: [{ label: "Applications", data: data.status.values, backgroundColor: (data.status.keys || []).map((key) => token("status-" + key)) }] },
      options: { ...common, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    make("funnel", {
      type: "bar",
      data: { labels: data.funnel.labels, datasets: [{ label: "Applications", data: data.funnel.values, backgroundColor: [brand, interview, offer] }] },
      options: { ...common, indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    make("weekly", {
      type: "bar",
      data: { labels: data.weekly.labels, datasets: [{ label: "Applications sent", data: data.weekly.values, backgroundColor: brand }] },
      options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    make("sources", {
      type: "bar",
      data: {
        labels: data.sources.labels,
        datasets: [
          { label: "Sent", data: data.sources.sent, backgroundColor: brand },
          { label: "Reached interview", data: data.sources.interviews, backgroundColor: interview },
        ],
      },
      options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    make("weekdays", {
      type: "bar",
      data: { labels: data.weekdays.labels, datasets: [{ label: "Response rate (%)", data: data.weekdays.rates, backgroundColor: brand }] },
      options: { ...common, scales: { y: { beginAtZero: true, max: 100 } } },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
