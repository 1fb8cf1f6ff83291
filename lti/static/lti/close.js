// Dynamic registration is finished: tell the platform's page to close our window.
if (document.querySelector("[data-lti-close]")) {
  (window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
}
