// Courses (student pages): live word count and a warning before leaving unsaved text.
(function () {
  "use strict";

  function countWords(text) {
    const words = text.trim().match(/\S+/g);
    return words ? words.length : 0;
  }

  function setUpWordCount(textarea) {
    const output = document.getElementById(textarea.dataset.wordCount);
    if (!output) return;
    const update = () => {
      const n = countWords(textarea.value);
      output.textContent = n + (n === 1 ? " word" : " words");
    };
    textarea.addEventListener("input", update);
    update();
  }

  function setUpUnsavedWarning(form) {
    let dirty = false;
    form.addEventListener("input", () => { dirty = true; });
    // On window, so it runs after the confirmation prompt (static/js/app.js) had its say.
    window.addEventListener("submit", (event) => {
      if (event.target === form && !event.defaultPrevented) dirty = false;
    });
    // "Save draft" saves in place (htmx): a successful save is a clean form again.
    form.addEventListener("htmx:afterRequest", (event) => {
      if (event.detail.successful) dirty = false;
    });
    window.addEventListener("beforeunload", (event) => {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("textarea[data-word-count]").forEach(setUpWordCount);
    document.querySelectorAll("form[data-unsaved-warning]").forEach(setUpUnsavedWarning);
  });
})();
