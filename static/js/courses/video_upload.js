// Video upload with a progress bar and cancel: straight to S3 with a presigned POST when
// the server offers one, otherwise the normal upload form, sent in the background. A
// chosen file and a recording (a Blob, from video_recorder.js) take the same path:
// window.ccVideoUpload.upload(form, blob, filename).
(function () {
  "use strict";

  const controllers = new WeakMap();

  function post(url, data) {
    return fetch(url, { method: "POST", body: data, credentials: "same-origin" }).then(
      function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body.error || "The upload failed. Try again.");
          return body;
        });
      },
    );
  }

  // "video/webm;codecs=vp9,opus" (a recorder's type) is sent as "video/webm".
  function baseType(type) {
    return (type || "").split(";")[0].trim().toLowerCase();
  }

  function setup(form) {
    if (controllers.has(form)) return controllers.get(form);
    const input = form.querySelector('input[type="file"]');
    const bar = form.querySelector(".cc-upload-progress");
    const message = form.querySelector(".cc-upload-message");
    const cancel = form.querySelector(".cc-upload-cancel");
    const csrf = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
    let xhr = null;
    let cancelUrl = null;

    function busy(on) {
      bar.hidden = !on;
      cancel.hidden = !on;
      form.classList.toggle("cc-uploading", on);
      // Every other control of the form (the recorder's too) waits for the upload.
      form.querySelectorAll("button").forEach(function (button) {
        if (button !== cancel) button.disabled = on;
      });
      input.disabled = on;
      if (on) bar.value = 0;
    }

    // Best effort: the server drops the waiting upload (else the stale sweep does).
    function dropPending() {
      if (!cancelUrl) return;
      const data = new FormData();
      data.append("csrfmiddlewaretoken", csrf);
      fetch(cancelUrl, { method: "POST", body: data, credentials: "same-origin" }).catch(
        function () {},
      );
      cancelUrl = null;
    }

    function fail(text) {
      dropPending();
      busy(false);
      message.textContent = text;
      form.dispatchEvent(new CustomEvent("cc-upload-failed", { detail: { message: text } }));
    }

    function send(url, data, onDone) {
      xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round((e.loaded / e.total) * 100);
          message.textContent = "Uploading… " + bar.value + "%";
        }
      });
      xhr.addEventListener("load", function () {
        onDone(xhr);
      });
      xhr.addEventListener("error", function () {
        fail("The upload failed. Check your connection and try again.");
      });
      xhr.addEventListener("abort", function () {
        fail("Upload cancelled.");
      });
      xhr.send(data);
    }

    function finish(redirect) {
      const target = new URL(redirect, window.location.href);
      form.dispatchEvent(new CustomEvent("cc-upload-done"));
      if (target.pathname === window.location.pathname) {
        window.location.hash = target.hash;
        window.location.reload(); // a hash change alone would not reload
      } else {
        window.location.assign(target.href);
      }
    }

    // One upload of a File or a Blob, named `filename`.
    function upload(file, filename) {
      const local = new FormData(form); // before the inputs are disabled
      if (!(input.files && input.files[0] === file)) local.set(input.name, file, filename);
      cancelUrl = null;
      busy(true);
      message.textContent = "Starting the upload…";
      const start = new FormData();
      start.append("csrfmiddlewaretoken", csrf);
      start.append("filename", filename);
      start.append("content_type", baseType(file.type));
      start.append("size", String(file.size));
      post(form.dataset.start, start)
        .then(function (plan) {
          if (plan.mode !== "s3") {
            send(form.action, local, function (done) {
              form.dispatchEvent(new CustomEvent("cc-upload-done"));
              window.location.assign(done.responseURL || window.location.href);
            });
            return;
          }
          cancelUrl = plan.cancel;
          const data = new FormData();
          Object.keys(plan.fields).forEach(function (k) {
            data.append(k, plan.fields[k]);
          });
          data.append("file", file, filename);
          send(plan.url, data, function (done) {
            if (done.status < 200 || done.status >= 300) {
              fail("The storage refused this video (type or size). Try another file.");
              return;
            }
            message.textContent = "Checking the upload…";
            const complete = new FormData();
            complete.append("csrfmiddlewaretoken", csrf);
            post(plan.complete, complete)
              .then(function (body) {
                finish(body.redirect);
              })
              .catch(function (err) {
                fail(err.message);
              });
          });
        })
        .catch(function (err) {
          fail(err.message);
        });
    }

    cancel.addEventListener("click", function () {
      if (xhr) xhr.abort(); // fails the upload, which drops it
      dropPending();
    });

    form.addEventListener("submit", function (event) {
      const file = input.files && input.files[0];
      if (!file || !window.FormData || !window.fetch) return; // the plain form still works
      event.preventDefault();
      upload(file, file.name);
    });

    const controller = { upload: upload };
    controllers.set(form, controller);
    return controller;
  }

  window.ccVideoUpload = {
    upload: function (form, file, filename) {
      setup(form).upload(file, filename);
    },
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-video-upload]").forEach(setup);
  });
})();
