// The admin's rich-text editor: text only, no file attachments (they would never be saved).
(function () {
  "use strict";
  document.addEventListener("trix-file-accept", (event) => event.preventDefault());
})();
