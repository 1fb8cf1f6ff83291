// Admin accessibility fixes, loaded on every admin page (UNFOLD["SCRIPTS"] in settings).
// The search box that select2 adds to a multiple-choice autocomplete (for example an
// assignment's skills) has no label: give it the label of the field it belongs to.
// A course table wider than its box scrolls inside it: keyboard users reach that scroll
// through a focusable region named after the table's section.
(function () {
  "use strict";

  function fieldName(search) {
    const container = search.closest(".select2-container");
    const select = container && container.previousElementSibling;
    if (select && select.tagName === "SELECT" && select.id) {
      const label = document.querySelector('label[for="' + select.id + '"]');
      if (label && label.textContent.trim()) return label.textContent.trim().replace(/:$/, "");
    }
    return "Search";
  }

  function nameSearchBoxes(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (search) {
      search.setAttribute("aria-label", fieldName(search));
    });
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) nameSearchBoxes(node.parentNode || node);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  function markScrollRegions() {
    document.querySelectorAll(".cc-table-wrap").forEach(function (box) {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        const section = box.closest("section");
        const heading = section && section.querySelector("h2, h3");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", ((heading && heading.textContent) || "Table").trim() + " (scrolls sideways)");
      } else if (!scrolls && box.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  document.addEventListener("DOMContentLoaded", markScrollRegions);
  window.addEventListener("resize", markScrollRegions);
})();
