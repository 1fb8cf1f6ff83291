// Courses in the admin: the grading screen (rubric total; the late penalty and final score
// come from the server, see score_breakdown.html), select-all on the grading list,
// confirmations and auto-submitting filters.
(function () {
  "use strict";

  function num(value) {
    const n = parseFloat(String(value).replace(",", "."));
    return Number.isFinite(n) ? n : null;
  }

  function fmt(n) {
    return (Math.round(n * 100) / 100).toString();
  }

  function setUpGradeForm(form) {
    const score = form.querySelector("[data-score]");
    const source = form.querySelector("[data-score-source]");
    const totalOut = form.querySelector("[data-rubric-total]");
    const waive = form.querySelector("[data-waive]");
    const criteria = Array.from(form.querySelectorAll("[data-criterion]"));
    // The score follows the rubric until the grader types a score of their own.
    let scoreTyped = true;

    function rubricTotal() {
      let total = 0;
      let rated = 0;
      criteria.forEach((fieldset) => {
        const points = num(fieldset.querySelector("[data-criterion-points]").value);
        if (points !== null) {
          total += points;
          rated += 1;
        }
      });
      return { total, complete: rated === criteria.length && criteria.length > 0, rated };
    }

    // The breakdown (raw, late penalty, final) is asked for again whenever the score or
    // the waiver changes: htmx listens for "score-changed" on the form.
    let asked = breakdownKey();
    function breakdownKey() {
      return score.value + "|" + Boolean(waive && waive.checked);
    }

    function refresh() {
      if (criteria.length) {
        const { total, complete, rated } = rubricTotal();
        totalOut.textContent = rated ? fmt(total) + (complete ? "" : " (so far)") : "—";
        if (!scoreTyped && rated) score.value = complete ? fmt(total) : "";
        if (source) source.textContent = scoreTyped ? "typed by you" : "follows the rubric";
      }
      const key = breakdownKey();
      if (key !== asked) {
        asked = key;
        form.dispatchEvent(new CustomEvent("score-changed"));
      }
    }

    criteria.forEach((fieldset) => {
      const points = fieldset.querySelector("[data-criterion-points]");
      fieldset.querySelectorAll("input[type=radio]").forEach((radio) => {
        radio.addEventListener("change", () => {
          points.value = fmt(num(radio.dataset.points) || 0);
          refresh();
        });
      });
      points.addEventListener("input", refresh);
    });
    if (criteria.length) {
      // A stored score that differs from the rubric total was typed: keep it.
      const initial = rubricTotal();
      scoreTyped = score.value !== "" && (!initial.complete || Math.abs(num(score.value) - initial.total) > 0.005);
    }
    score.addEventListener("input", () => {
      scoreTyped = score.value !== "";
      refresh();
    });
    if (waive) waive.addEventListener("change", refresh);
    refresh();

    // Links away from the screen (not the form's own buttons) warn about unsaved work.
    let dirty = false;
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("change", () => { dirty = true; });
    form.addEventListener("submit", () => { dirty = false; });
    window.addEventListener("beforeunload", (event) => {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("grade-form");
    if (form) setUpGradeForm(form);

    document.querySelectorAll("[data-select-all]").forEach((toggle) => {
      toggle.addEventListener("change", () => {
        const name = toggle.dataset.selectAll;
        toggle.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach((box) => {
          box.checked = toggle.checked;
        });
      });
    });

    document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
      select.addEventListener("change", () => select.form.submit());
    });
  });

  document.addEventListener("submit", (event) => {
    const submitter = event.submitter;
    const message = submitter && submitter.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
