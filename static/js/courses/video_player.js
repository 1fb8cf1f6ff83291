// Video player: quality choice, comments pinned to moments, markers on the timeline,
// "comment at the current time", and comment-library insertion (staff).
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

  function videoEl() {
    return document.getElementById("cc-video");
  }

  function duration() {
    const video = videoEl();
    if (video && isFinite(video.duration) && video.duration > 0) return video.duration;
    const bar = document.getElementById("cc-markers");
    return bar ? parseFloat(bar.dataset.duration) || 0 : 0;
  }

  // Each marker sits at its moment's share of the video's length.
  function placeMarkers() {
    const length = duration();
    document.querySelectorAll("#cc-markers .cc-marker").forEach(function (marker) {
      const at = parseFloat(marker.dataset.at) || 0;
      const share = length ? Math.min(Math.max(at / length, 0), 1) : 0;
      marker.style.left = (share * 100).toFixed(3) + "%";
    });
  }

  // The moment a new comment is pinned to.
  function setMoment(t) {
    const at = document.getElementById("cc-at-seconds");
    const atLabel = document.getElementById("cc-at-label");
    if (at) at.value = t.toFixed(2);
    if (atLabel) atLabel.textContent = label(t);
  }

  function seek(at) {
    const video = videoEl();
    if (!video || !isFinite(at)) return;
    video.pause();
    video.currentTime = at;
    setMoment(at); // a chosen moment, even if the comment box already has the focus
  }

  function update(event) {
    const video = videoEl();
    if (!video) return;
    const t = video.currentTime;
    // While writing, playback does not move the moment; an explicit seek does.
    const writing = document.activeElement === document.getElementById("cc-comment-body");
    if (!writing || (event && event.type === "seeked")) setMoment(t);
    // Comments show at their moment (for four seconds).
    const current = comments().filter(function (c) {
      return t >= c.at && t < c.at + 4;
    });
    const now = document.getElementById("cc-video-now");
    if (now) {
      now.textContent = current
        .map(function (c) {
          return c.label + " " + c.author + ": " + c.body;
        })
        .join("\n");
    }
    document.querySelectorAll(".cc-video-comments > li, #cc-markers .cc-marker").forEach(function (el) {
      const a = parseFloat(el.dataset.at);
      el.classList.toggle("cc-current", t >= a && t < a + 4);
    });
  }

  function setup() {
    placeMarkers();
    const video = videoEl();
    if (!video || video.dataset.ready) return;
    video.dataset.ready = "1";
    const quality = document.getElementById("cc-quality");
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
    video.addEventListener("loadedmetadata", placeMarkers);
    video.addEventListener("timeupdate", update);
    video.addEventListener("seeked", update);
  }

  // Time buttons in the list and markers on the timeline (buttons: Enter and Space too).
  document.addEventListener("click", function (event) {
    const target = event.target.closest(".cc-seek, .cc-marker");
    if (target) seek(parseFloat(target.dataset.at));
  });
  // Pause when writing, so the comment is pinned where the viewer stopped.
  document.addEventListener("focusin", function (event) {
    const video = videoEl();
    if (video && event.target.id === "cc-comment-body") video.pause();
  });
  // The comment library (staff): the chosen comment is posted at the current moment.
  document.addEventListener("cc:library-insert", function (event) {
    const video = videoEl();
    const form = document.getElementById("cc-comment-form");
    const body = document.getElementById("cc-comment-body");
    if (!video || !form || !body || !event.detail) return;
    event.preventDefault();
    video.pause();
    const at = document.getElementById("cc-at-seconds");
    if (at) at.value = video.currentTime.toFixed(2);
    body.value = event.detail.body || "";
    const library = document.getElementById("cc-library-comment");
    if (library) library.value = event.detail.id || "";
    form.requestSubmit();
  });
  document.addEventListener("DOMContentLoaded", setup);
  document.addEventListener("htmx:afterSettle", setup);
})();
