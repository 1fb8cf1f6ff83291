// The bookmarklet's tab: asks the tab that opened it for the job page (postMessage), then
// posts it to the capture page with this page's CSRF token. No inline scripts (CSP).
(function () {
  "use strict";
  const form = document.getElementById("capture-receive-form");
  if (!form) return;
  const maxChars = Number(form.dataset.maxChars) || 3000000;
  const show = (state) => {
    document.querySelectorAll("[data-capture-state]").forEach((el) => {
      el.hidden = el.dataset.captureState !== state;
    });
  };
  const opener = window.opener;
  if (!opener) {
    show("no-opener");
    return;
  }
  let received = false;
  window.addEventListener("message", (event) => {
    // Only the tab that opened this one, and only the shape the bookmarklet sends.
    if (received || event.source !== opener) return;
    const data = event.data;
    if (!data || data.type !== "careercopilot:page") return;
    if (typeof data.html !== "string" || typeof data.url !== "string") return;
    received = true;
    form.elements.url.value = /^https?:\/\//i.test(data.url) ? data.url.slice(0, 4000) : "";
    form.elements.page.value = data.html.replace(/\u0000/g, "").slice(0, maxChars);
    show("sending");
    form.submit();
  });
  // "ready" carries nothing: the bookmarklet answers only to our origin.
  opener.postMessage({ type: "careercopilot:ready" }, "*");
  window.setTimeout(() => {
    if (!received) show("nothing");
  }, 10000);
})();
