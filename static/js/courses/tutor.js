// AI tutor (E7): keep the newest message in view, focus the composer after sending,
// and send with Ctrl/Cmd+Enter. htmx does the requests.
(function () {
  "use strict";

  function scrollToLatest() {
    const log = document.getElementById("tutor-log");
    const last = log && log.lastElementChild;
    if (last) last.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", (event) => {
    const input = event.target.closest && event.target.closest("[data-tutor-input]");
    if (!input || event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    input.form.requestSubmit();
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    const source = event.detail.elt || event.detail.target;
    if (source && source.id === "tutor-composer") {
      scrollToLatest();
      const input = document.querySelector("#tutor-composer [data-tutor-input]");
      if (input) input.focus();
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    const target = window.location.hash && document.querySelector(window.location.hash);
    if (!target) scrollToLatest();
  });
})();
