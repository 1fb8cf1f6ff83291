// Cohort job-search outcomes (course analytics, E11): a weekly bar chart drawn from the
// totals the page embeds with json_script. No per-student data ever reaches the page.
(function () {
  "use strict";

  function draw() {
    const source = document.getElementById("cohort-outcomes-data");
    const canvas = document.querySelector('canvas[data-chart="cohort-outcomes"]');
    if (!source || !canvas || !window.Chart) return;
    const data = JSON.parse(source.textContent);
    const existing = window.Chart.getChart(canvas);
    if (existing) existing.destroy();
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Applications sent", data: data.applications, backgroundColor: "#93c5fd" },
          { label: "Interviews", data: data.interviews, backgroundColor: "#7c3aed" },
          { label: "Offers", data: data.offers, backgroundColor: "#16a34a" },
        ],
      },
      options: {
        responsive: true,
        aspectRatio: 3,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
