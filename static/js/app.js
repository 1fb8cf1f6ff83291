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

  window.careerCopilot = { showToast };
})();
