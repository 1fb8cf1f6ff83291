// Sends the deep-linking answer back to the platform without a click (the button stays
// for browsers without scripts).
document.querySelectorAll("form[data-lti-autosubmit]").forEach((form) => form.submit());
