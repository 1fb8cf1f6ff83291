// The AI essay grader on the grading screen: "Use suggestion" and "Use all suggestions"
// select the suggested level in the grading form, exactly as a click on the level would
// (grading.js then fills the points and the totals). Nothing is saved here: the
// instructor reviews the form and saves it.
(function () {
  "use strict";

  function announce(text) {
    const region = document.getElementById("ai-announce");
    if (region) region.textContent = text;
  }

  function apply(button) {
    const form = document.getElementById("grade-form");
    if (!form) return null;
    const name = "criterion-" + button.dataset.aiCriterion + "-level";
    const radio = Array.from(form.querySelectorAll('input[type="radio"]')).find(
      (input) => input.name === name && input.value === button.dataset.aiLevel
    );
    if (!radio) return null;
    if (!radio.checked) {
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    }
    const fieldset = radio.closest("fieldset");
    if (fieldset) fieldset.classList.add("cc-ai-applied");
    return radio;
  }

  function levelName(radio) {
    const label = radio.closest("label");
    const title = label && label.querySelector("strong");
    return title ? title.textContent.trim() : "the suggested level";
  }

  document.addEventListener("click", (event) => {
    const one = event.target.closest("[data-ai-use]");
    if (one) {
      const radio = apply(one);
      if (radio) {
        const legend = radio.closest("fieldset").querySelector("legend");
        const criterion = legend ? legend.firstChild.textContent.trim() : "this criterion";
        announce("“" + levelName(radio) + "” selected for " + criterion + ". Save to keep it.");
      }
      return;
    }
    if (event.target.closest("[data-ai-use-all]")) {
      let count = 0;
      document.querySelectorAll("[data-ai-use]").forEach((button) => {
        if (apply(button)) count += 1;
      });
      announce(count + " suggested level" + (count === 1 ? "" : "s") + " selected. Review them, then save.");
    }
  });
})();
