// Video upload with a progress bar and cancel: straight to S3 with a presigned POST when
// the server offers one, otherwise the normal upload form, sent in the background.
(function () {
  "use strict";

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

  function setup(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    const input = form.querySelector('input[type="file"]');
    const bar = form.querySelector(".cc-upload-progress");
    const message = form.querySelector(".cc-upload-message");
    const submit = form.querySelector('button[type="submit"]');
    const cancel = form.querySelector(".cc-upload-cancel");
    const csrf = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
    let xhr = null;
    let cancelUrl = null;

    function busy(on) {
      bar.hidden = !on;
      cancel.hidden = !on;
      submit.disabled = on;
      input.disabled = on;
      if (on) bar.value = 0;
    }

    function fail(text) {
      busy(false);
      message.textContent = text;
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

    cancel.addEventListener("click", function () {
      if (xhr) xhr.abort();
      if (cancelUrl) {
        const data = new FormData();
        data.append("csrfmiddlewaretoken", csrf);
        fetch(cancelUrl, { method: "POST", body: data, credentials: "same-origin" });
      }
    });

    form.addEventListener("submit", function (event) {
      const file = input.files && input.files[0];
      if (!file || !window.FormData || !window.fetch) return; // the plain form still works
      event.preventDefault();
      const local = new FormData(form); // before the inputs are disabled
      busy(true);
      message.textContent = "Starting the upload…";
      const start = new FormData();
      start.append("csrfmiddlewaretoken", csrf);
      start.append("filename", file.name);
      start.append("content_type", file.type);
      start.append("size", String(file.size));
      post(form.dataset.start, start)
        .then(function (plan) {
          if (plan.mode !== "s3") {
            send(form.action, local, function (done) {
              window.location.assign(done.responseURL || window.location.href);
            });
            return;
          }
          cancelUrl = plan.cancel;
          const data = new FormData();
          Object.keys(plan.fields).forEach(function (k) {
            data.append(k, plan.fields[k]);
          });
          data.append("file", file);
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
                const target = new URL(body.redirect, window.location.href);
                if (target.pathname === window.location.pathname) {
                  window.location.hash = target.hash;
                  window.location.reload(); // a hash change alone would not reload
                } else {
                  window.location.assign(target.href);
                }
              })
              .catch(function (err) {
                fail(err.message);
              });
          });
        })
        .catch(function (err) {
          fail(err.message);
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-video-upload]").forEach(setup);
  });
})();
