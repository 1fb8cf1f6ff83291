// Kanban drag and drop: SortableJS moves the card, htmx posts the move, and the server
// answers with the affected columns (out-of-band swaps), or the old ones if it refused.
(function () {
  "use strict";

  function post(card, status) {
    window.htmx.ajax("POST", card.dataset.moveUrl, {
      source: card,
      values: { status: status },
      swap: "none",
    });
  }

  function init(root) {
    if (!window.Sortable || !window.htmx) return;
    // htmx copies "settling" attributes from old to new elements with setAttribute; a style
    // attribute (left on cards by dragging) would then break the page's CSP (no inline styles).
    window.htmx.config.attributesToSettle = ["class", "width", "height"];
    (root || document).querySelectorAll("[data-column-list]").forEach((list) => {
      if (list.dataset.sortableReady) return;
      list.dataset.sortableReady = "1";
      window.Sortable.create(list, {
        group: "board",
        sort: false,
        forceFallback: true, // mouse and touch events, the same in every browser
        animation: 150,
        draggable: ".board-card",
        filter: "summary, button, .move-options",
        preventOnFilter: false,
        onEnd(event) {
          [event.from, event.to].forEach((list) => list.querySelectorAll("[style]").forEach((el) => el.removeAttribute("style")));
          if (event.from === event.to) return;
          const empty = event.to.querySelector("[data-empty]");
          if (empty) empty.remove();
          post(event.item, event.to.dataset.status);
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("htmx:afterSettle", () => init(document));
  document.addEventListener("htmx:oobAfterSwap", (event) => init(event.detail.target));
})();
