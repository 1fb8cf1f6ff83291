// Courses: the peer review form. Shows the rubric total as levels are picked.
(function () {
  "use strict";

  function fmt(n) {
    return (Math.round(n * 100) / 100).toString();
  }

  function setUp(form) {
    const output = form.querySelector("[data-peer-total]");
    if (!output) return;
    const criteria = Array.from(form.querySelectorAll("[data-criterion]"));

    function refresh() {
      let total = 0;
      let rated = 0;
      criteria.forEach((fieldset) => {
        const checked = fieldset.querySelector("input[type=radio]:checked");
        if (checked) {
          total += parseFloat(checked.dataset.points) || 0;
          rated += 1;
        }
      });
      if (!rated) {
        output.textContent = "—";
      } else if (rated < criteria.length) {
        output.textContent = fmt(total) + " so far (" + rated + " of " + criteria.length + " rated)";
      } else {
        output.textContent = fmt(total);
      }
    }

    form.addEventListener("change", refresh);
    refresh();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-peer-review]").forEach(setUp);
  });
})();
