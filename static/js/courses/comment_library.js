// The comment library: keys 1–9 (when not typing) or a click insert a reusable comment.
// Each insertion is announced as a cancelable "cc:library-insert" event on document
// ({detail: {id, body, criterion}}); a page that handles it itself (the video player)
// calls preventDefault. Otherwise the body goes in at the caret of the criterion's
// comment box, or of the last focused (else first) textarea[data-library-target].
(function () {
  "use strict";

  const NOT_TYPING = new Set(["button", "checkbox", "color", "file", "image", "radio", "range", "reset", "submit"]);
  let lastTarget = null;

  function isTyping(el) {
    if (!el || el === document.body) return false;
    if (el.isContentEditable) return true;
    const tag = el.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    if (tag === "INPUT") return !NOT_TYPING.has((el.type || "text").toLowerCase());
    return false;
  }

  function targets() {
    return Array.from(document.querySelectorAll("textarea[data-library-target]"));
  }

  function chooseTarget(criterion) {
    const all = targets();
    if (criterion) {
      const box = all.find((el) => el.dataset.libraryCriterion === String(criterion));
      if (box) return box;
    }
    if (lastTarget && document.contains(lastTarget)) return lastTarget;
    return all[0] || null;
  }

  function insertAt(textarea, body) {
    const start = textarea.selectionStart ?? textarea.value.length;
    const end = textarea.selectionEnd ?? start;
    const before = textarea.value.slice(0, start);
    const gap = before && !/\s$/.test(before) ? " " : "";
    textarea.setRangeText(gap + body, start, end, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function labelOf(textarea) {
    const label = textarea.id && document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`);
    return label ? label.textContent.trim() : "the comment box";
  }

  function announce(text) {
    document.querySelectorAll("[data-library-status]").forEach((el) => {
      el.textContent = text;
    });
  }

  function insertDefault(detail) {
    const textarea = chooseTarget(detail.criterion);
    if (!textarea) {
      announce("There is no comment box on this page.");
      return;
    }
    const details = textarea.closest("details");
    if (details) details.open = true;
    insertAt(textarea, detail.body);
    const form = textarea.form;
    const hidden = form && form.querySelector('input[type="hidden"][name="library_comment"]');
    if (hidden) hidden.value = detail.id;
    lastTarget = textarea;
    announce(`Inserted into ${labelOf(textarea)}.`);
  }

  function fire(button) {
    const detail = {
      id: button.dataset.libraryId,
      body: button.dataset.libraryBody || "",
      criterion: button.dataset.libraryCriterion || null,
    };
    const event = new CustomEvent("cc:library-insert", { detail, bubbles: true, cancelable: true });
    document.dispatchEvent(event);
    if (!event.defaultPrevented) insertDefault(detail);
  }

  document.addEventListener("focusin", (event) => {
    const el = event.target;
    if (el instanceof HTMLTextAreaElement && el.hasAttribute("data-library-target")) lastTarget = el;
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button[data-library-id]");
    if (button) fire(button);
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!/^[1-9]$/.test(event.key) || isTyping(document.activeElement)) return;
    const button = document.querySelector(`button[data-library-key="${event.key}"]`);
    if (!button) return;
    event.preventDefault();
    fire(button);
  });
})();
