// Tracker pages: menus, table selection and small conveniences. No inline scripts (CSP).
(function () {
  "use strict";

  // Escape closes an open "Move to…" menu and returns focus to its toggle.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const menu = event.target.closest && event.target.closest("details[data-move-menu][open]");
    if (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    }
  });

  // Only one menu open at a time; a click elsewhere closes it.
  document.addEventListener("click", (event) => {
    document.querySelectorAll("details[data-move-menu][open]").forEach((menu) => {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  // "Select all" checkbox in the applications table.
  document.addEventListener("change", (event) => {
    const all = event.target.closest("[data-select-all]");
    if (!all) return;
    const table = all.closest("table");
    table.querySelectorAll('input[name="ids"]').forEach((box) => { box.checked = all.checked; });
  });

  // Read-only secrets (feed URL, new token) are selected on focus for easy copying.
  document.addEventListener("focusin", (event) => {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) event.target.select();
  });

  // The bookmarklet is meant for the bookmarks bar: a click here only says so.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-bookmarklet]");
    if (!link) return;
    event.preventDefault();
    window.alert("Drag this button to your bookmarks bar, then click it on a job posting.");
  });

  // After a move, keep keyboard focus on the moved card in its new column.
  document.body.addEventListener("tracker:moved", (event) => {
    const card = document.getElementById("card-" + event.detail.id);
    if (!card) return;
    const toggle = card.querySelector(".move-menu-toggle") || card.querySelector("a");
    if (toggle) toggle.focus();
  });
})();
