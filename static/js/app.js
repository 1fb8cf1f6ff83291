// Career Copilot front-end glue. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  const TOAST_MS = 6000;

  function dismissLater(toast) {
    window.setTimeout(() => toast.remove(), TOAST_MS);
  }

  function showToast(message, level) {
    const container = document.getElementById("toasts");
    if (!container || !message) return;
    const toast = document.createElement("div");
    toast.className = "toast toast-" + (level || "info");
    toast.setAttribute("data-toast", "");
    const text = document.createElement("span");
    text.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.setAttribute("data-toast-close", "");
    close.textContent = "×";
    toast.append(text, close);
    container.append(toast);
    dismissLater(toast);
  }

  document.addEventListener("click", (event) => {
    const close = event.target.closest("[data-toast-close]");
    if (close) close.closest("[data-toast]").remove();
  });

  // Server-sent toasts: HX-Trigger: {"toast": {"message": "...", "level": "success"}}
  document.body.addEventListener("toast", (event) => {
    showToast(event.detail.message, event.detail.level);
  });

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-toast]").forEach(dismissLater);
  });

  // A failed htmx request gets a visible message instead of silence.
  document.body.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    showToast(status === 403 ? "You don't have permission to do that." : "Something went wrong (" + status + "). Please try again.", "error");
  });
  document.body.addEventListener("htmx:sendError", () => {
    showToast("Can't reach the server. Check your connection and try again.", "error");
  });

  // Confirmation for destructive actions: <button data-confirm="Delete this?">
  document.addEventListener("submit", (event) => {
    const submitter = event.submitter;
    const message = (submitter && submitter.dataset.confirm) || event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // The main menu on narrow screens: the menu button opens and closes the drawer.
  function setDrawer(nav, open) {
    const toggle = nav.querySelector("[data-nav-toggle]");
    nav.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest("[data-nav-toggle]");
    const openNav = document.querySelector("[data-site-nav].is-open");
    if (toggle) {
      const nav = toggle.closest("[data-site-nav]");
      setDrawer(nav, !nav.classList.contains("is-open"));
      if (nav.classList.contains("is-open")) {
        const first = nav.querySelector(".site-menu a, .site-menu summary");
        if (first) first.focus();
      }
    } else if (openNav && !event.target.closest(".site-menu")) {
      setDrawer(openNav, false);
    }
    // An open account menu or filter menu closes when you click elsewhere.
    document.querySelectorAll("details[data-user-menu][open], details[data-checked-filter][open]").forEach((menu) => {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const menu = document.querySelector("details[data-user-menu][open], details[data-checked-filter][open]");
    if (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
      return;
    }
    const nav = document.querySelector("[data-site-nav].is-open");
    if (nav) {
      setDrawer(nav, false);
      nav.querySelector("[data-nav-toggle]").focus();
    }
  });

  // A compact filter's summary says how many of its boxes are ticked: <summary data-checked-count="Any status">
  function countChecked(details) {
    const summary = details.querySelector("[data-checked-count]");
    if (!summary) return;
    const boxes = details.querySelectorAll("input[type=checkbox][data-counted]");
    const ticked = Array.from(boxes).filter((box) => box.checked).length;
    const label = summary.querySelector("[data-count-label]") || summary;
    label.textContent = ticked ? ticked + " selected" : summary.dataset.checkedCount;
  }
  document.addEventListener("change", (event) => {
    const details = event.target.closest && event.target.closest("details[data-checked-filter]");
    if (details) countChecked(details);
  });

  // A table wider than its box scrolls inside it; keyboard users reach that scroll through
  // a focusable region named after the table.
  const SCROLL_BOXES = ".table-scroll, .table-wrap, .cc-table-scroll, .cc-table-wrap";
  function markScrollRegions(root) {
    root.querySelectorAll(SCROLL_BOXES).forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("data-scroll-region")) {
        const caption = box.querySelector("caption");
        const heading = box.closest("section, article") && box.closest("section, article").querySelector("h2, h3");
        box.setAttribute("data-scroll-region", "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", ((caption || heading || {}).textContent || "Table").trim() + " (scrolls sideways)");
      } else if (!scrolls && box.hasAttribute("data-scroll-region")) {
        ["data-scroll-region", "tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
      }
    });
  }
  document.addEventListener("DOMContentLoaded", () => markScrollRegions(document));
  window.addEventListener("resize", () => markScrollRegions(document));
  document.body.addEventListener("htmx:afterSettle", (event) => markScrollRegions(event.target));
  document.addEventListener("toggle", (event) => {
    if (event.target.tagName === "DETAILS") markScrollRegions(event.target);
  }, true);

  window.careerCopilot = { showToast };
})();
