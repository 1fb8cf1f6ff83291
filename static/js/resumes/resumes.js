// Resumes pages: practice-question picker and live word counts. No inline scripts (CSP).
(function () {
  "use strict";

  function countWords(text) {
    const trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function bindWordCounts(root) {
    root.querySelectorAll("textarea[data-word-count]").forEach((area) => {
      if (area.dataset.wordCountBound) return;
      area.dataset.wordCountBound = "1";
      const target = document.getElementById(area.dataset.wordCount);
      if (!target) return;
      const update = () => { target.textContent = String(countWords(area.value)); };
      area.addEventListener("input", update);
      update();
    });
  }

  // "Practise this question" fills the practice form and moves focus to the answer box.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-practice]");
    if (!button) return;
    const question = document.getElementById("practice-question");
    const answer = document.getElementById("practice-answer");
    if (!question || !answer) return;
    question.value = button.dataset.practice;
    document.getElementById("practice").scrollIntoView({ behavior: "smooth", block: "start" });
    answer.focus();
  });

  document.addEventListener("DOMContentLoaded", () => bindWordCounts(document));
  document.body.addEventListener("htmx:afterSwap", (event) => bindWordCounts(event.detail.target.parentNode || document));
})();
