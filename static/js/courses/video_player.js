// Video player: quality choice, comments pinned to moments, "comment at the current time".
(function () {
  "use strict";

  function label(seconds) {
    const total = Math.floor(seconds);
    return Math.floor(total / 60) + ":" + String(total % 60).padStart(2, "0");
  }

  function comments() {
    const node = document.getElementById("cc-video-comment-data");
    try {
      return node ? JSON.parse(node.textContent) : [];
    } catch (e) {
      return [];
    }
  }

  function setup() {
    const video = document.getElementById("cc-video");
    if (!video || video.dataset.ready) return;
    video.dataset.ready = "1";
    const quality = document.getElementById("cc-quality");
    const now = document.getElementById("cc-video-now");

    if (quality) {
      quality.addEventListener("change", function () {
        const at = video.currentTime;
        const playing = !video.paused;
        video.src = quality.value;
        video.addEventListener(
          "loadedmetadata",
          function () {
            video.currentTime = at;
            if (playing) video.play();
          },
          { once: true },
        );
      });
    }

    function update() {
      const t = video.currentTime;
      const at = document.getElementById("cc-at-seconds");
      const atLabel = document.getElementById("cc-at-label");
      if (at && document.activeElement !== document.getElementById("cc-comment-body")) {
        at.value = t.toFixed(2);
        if (atLabel) atLabel.textContent = label(t);
      }
      // Comments show at their moment (for four seconds).
      const current = comments().filter(function (c) {
        return t >= c.at && t < c.at + 4;
      });
      if (now) {
        now.textContent = current
          .map(function (c) {
            return c.label + " " + c.author + ": " + c.body;
          })
          .join("\n");
      }
      document.querySelectorAll(".cc-video-comments li").forEach(function (li) {
        const a = parseFloat(li.dataset.at);
        li.classList.toggle("cc-current", t >= a && t < a + 4);
      });
    }
    video.addEventListener("timeupdate", update);
    video.addEventListener("seeked", update);
  }

  document.addEventListener("click", function (event) {
    const seek = event.target.closest(".cc-seek");
    const video = document.getElementById("cc-video");
    if (seek && video) {
      video.currentTime = parseFloat(seek.dataset.at);
      video.pause();
    }
  });
  // Pause when writing, so the comment is pinned where the viewer stopped.
  document.addEventListener("focusin", function (event) {
    const video = document.getElementById("cc-video");
    if (video && event.target.id === "cc-comment-body") video.pause();
  });
  document.addEventListener("DOMContentLoaded", setup);
  document.addEventListener("htmx:afterSettle", setup);
})();
