// Recording a video answer in the browser (MediaRecorder): the camera, or the screen where
// the browser can share it, with a live preview, a timer that stops at the length limit,
// the take played back, "Record again", then the same upload as a chosen file
// (video_upload.js). Shown only where the browser can record.
(function () {
  "use strict";

  const TYPES = ["video/webm;codecs=vp9,opus", "video/webm;codecs=vp8,opus", "video/webm", "video/mp4"];
  const MARGIN_SECONDS = 1; // stop just before the limit the server checks
  const BITS_PER_SECOND = 2500000;

  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function inWords(seconds) {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    const parts = [];
    if (minutes) parts.push(minutes + (minutes === 1 ? " minute" : " minutes"));
    if (rest || !minutes) parts.push(rest + (rest === 1 ? " second" : " seconds"));
    return parts.join(" ");
  }

  function pickType() {
    if (typeof MediaRecorder.isTypeSupported !== "function") return "";
    return TYPES.find(function (type) { return MediaRecorder.isTypeSupported(type); }) || "";
  }

  function problem(err, kind) {
    const name = (err && err.name) || "";
    if (["NotAllowedError", "SecurityError", "PermissionDeniedError"].includes(name)) {
      return kind === "screen"
        ? "Screen sharing was cancelled or blocked. Try again and choose what to share, or record with the camera."
        : "The camera and microphone are blocked for this site. Allow them in your browser's site settings and try again, or upload a video file.";
    }
    if (["NotFoundError", "DevicesNotFoundError", "OverconstrainedError"].includes(name)) {
      return "No camera was found on this device. Connect one and try again, or upload a video file.";
    }
    if (["NotReadableError", "TrackStartError", "AbortError"].includes(name)) {
      return "The camera could not be started; another app may be using it. Close that app and try again.";
    }
    return "Recording could not start. Upload a video file instead.";
  }

  async function cameraStream() {
    const media = navigator.mediaDevices;
    try {
      return { stream: await media.getUserMedia({ video: true, audio: true }), note: "" };
    } catch (err) {
      if (err.name !== "NotFoundError") throw err;
      // A camera without a microphone: the picture alone (a missing camera still fails).
      return { stream: await media.getUserMedia({ video: true }), note: " without sound (no microphone found)" };
    }
  }

  async function screenStream() {
    const media = navigator.mediaDevices;
    const stream = await media.getDisplayMedia({ video: true });
    try {
      const voice = await media.getUserMedia({ audio: true });
      voice.getAudioTracks().forEach(function (track) { stream.addTrack(track); });
      return { stream: stream, note: "" };
    } catch (err) {
      return { stream: stream, note: " without sound (no microphone allowed)" };
    }
  }

  function setup(box) {
    const form = box.closest("form[data-video-upload]");
    if (!form || box.dataset.ready) return;
    box.dataset.ready = "1";
    const q = function (selector) { return box.querySelector(selector); };
    const buttons = {
      camera: q('[data-recorder="camera"]'),
      screen: q('[data-recorder="screen"]'),
      stop: q('[data-recorder="stop"]'),
      upload: q('[data-recorder="upload"]'),
      retake: q('[data-recorder="retake"]'),
      discard: q('[data-recorder="discard"]'),
    };
    const stage = q(".cc-recorder-stage");
    const live = q(".cc-recorder-live");
    const playback = q(".cc-recorder-take");
    const timer = q(".cc-recorder-clock");
    const elapsedText = q(".cc-recorder-elapsed");
    const status = q(".cc-recorder-status");
    const maxSeconds = function () {
      return Math.max(2, parseInt(box.dataset.maxSeconds, 10) || 900);
    };
    const canShareScreen = !!(navigator.mediaDevices && navigator.mediaDevices.getDisplayMedia);
    let state = "idle";
    let lastKind = "camera";
    let stream = null;
    let recorder = null;
    let chunks = [];
    let startedAt = 0;
    let ticker = null;
    let stoppedByLimit = false;
    let take = null;
    let takeUrl = null;
    let uploading = false;

    box.querySelectorAll("[data-recorder-limit]").forEach(function (el) {
      el.textContent = clock(maxSeconds());
    });
    box.querySelectorAll("[data-recorder-limit-words]").forEach(function (el) {
      el.textContent = inWords(maxSeconds());
    });

    function show(name) {
      state = name;
      const visible = {
        idle: ["camera", "screen"],
        starting: ["camera", "screen"],
        recording: ["stop"],
        review: ["upload", "retake", "discard"],
      }[name];
      Object.keys(buttons).forEach(function (key) {
        buttons[key].hidden = !visible.includes(key) || (key === "screen" && !canShareScreen);
      });
      box.classList.toggle("cc-recording", name === "recording");
      box.setAttribute("aria-busy", name === "starting" ? "true" : "false");
      stage.hidden = !(name === "recording" || name === "review");
      live.hidden = name !== "recording";
      playback.hidden = name !== "review";
      timer.hidden = !(name === "recording" || name === "review");
    }

    function say(text) {
      status.textContent = text;
    }

    function elapsed() {
      return (performance.now() - startedAt) / 1000;
    }

    function release() {
      if (ticker) window.clearInterval(ticker);
      ticker = null;
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      live.srcObject = null;
    }

    function dropTake() {
      if (takeUrl) URL.revokeObjectURL(takeUrl);
      playback.removeAttribute("src");
      take = null;
      takeUrl = null;
    }

    function tick() {
      const seconds = elapsed();
      elapsedText.textContent = clock(seconds);
      if (seconds >= maxSeconds() - MARGIN_SECONDS) {
        stoppedByLimit = true;
        stop();
      }
    }

    function stop() {
      if (recorder && recorder.state !== "inactive") recorder.stop();
    }

    function finished() {
      const seconds = elapsed();
      const type = recorder.mimeType || (chunks[0] && chunks[0].type) || "video/webm";
      release();
      recorder = null;
      if (!chunks.length) {
        show(take ? "review" : "idle");
        say("Nothing was recorded. Try again.");
        (take ? buttons.upload : buttons.camera).focus();
        return;
      }
      dropTake();
      take = new Blob(chunks, { type: type });
      chunks = [];
      takeUrl = URL.createObjectURL(take);
      playback.src = takeUrl;
      elapsedText.textContent = clock(seconds);
      show("review");
      say(
        (stoppedByLimit
          ? "Recording stopped at the " + clock(maxSeconds()) + " limit. "
          : "Recording stopped at " + clock(seconds) + ". ") +
          "Watch it, then upload it or record again.",
      );
      buttons.upload.focus();
    }

    async function begin(kind) {
      if (state === "starting" || state === "recording" || uploading) return;
      lastKind = kind;
      const before = take ? "review" : "idle";
      show("starting");
      say(kind === "screen" ? "Choose a screen or window to share…" : "Starting the camera…");
      let got;
      try {
        got = await (kind === "screen" ? screenStream() : cameraStream());
      } catch (err) {
        show(before);
        say(problem(err, kind));
        (before === "review" ? buttons.retake : buttons[kind]).focus();
        return;
      }
      stream = got.stream;
      const type = pickType();
      const options = { videoBitsPerSecond: BITS_PER_SECOND };
      if (type) options.mimeType = type;
      try {
        recorder = new MediaRecorder(stream, options);
      } catch (err) {
        release();
        show(before);
        say("This browser cannot record video here. Upload a video file instead.");
        return;
      }
      chunks = [];
      stoppedByLimit = false;
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data && event.data.size) chunks.push(event.data);
      });
      recorder.addEventListener("stop", finished);
      recorder.addEventListener("error", function () {
        say("Recording failed. Try again, or upload a video file.");
        stop();
      });
      // The browser's own "Stop sharing" (or an unplugged camera) ends the take.
      stream.getVideoTracks().forEach(function (track) { track.addEventListener("ended", stop); });
      live.srcObject = stream;
      live.play().catch(function () {}); // a muted preview; the recording does not need it
      recorder.start(1000);
      startedAt = performance.now();
      elapsedText.textContent = clock(0);
      ticker = window.setInterval(tick, 250);
      show("recording");
      say("Recording" + got.note + ". Press Stop recording when you are done; it stops by itself at " + clock(maxSeconds()) + ".");
      buttons.stop.focus();
    }

    buttons.camera.addEventListener("click", function () { begin("camera"); });
    buttons.screen.addEventListener("click", function () { begin("screen"); });
    buttons.stop.addEventListener("click", stop);
    buttons.retake.addEventListener("click", function () { begin(lastKind); });
    buttons.discard.addEventListener("click", function () {
      dropTake();
      show("idle");
      say("Recording discarded.");
      buttons.camera.focus();
    });
    buttons.upload.addEventListener("click", function () {
      if (!take) return;
      uploading = true;
      const ext = take.type.indexOf("mp4") !== -1 ? "mp4" : "webm";
      const stamp = new Date().toISOString().slice(0, 16).replace("T", "-").replace(":", "");
      say("");
      window.ccVideoUpload.upload(form, take, "recording-" + stamp + "." + ext);
    });
    form.addEventListener("cc-upload-failed", function () {
      uploading = false; // the take is kept: upload it again or record again
    });
    form.addEventListener("cc-upload-done", function () {
      take = null; // nothing left to lose
    });

    // A recording without a duration header shows its length once played to the end.
    playback.addEventListener("loadedmetadata", function () {
      if (playback.duration !== Infinity) return;
      const rewind = function () {
        playback.removeEventListener("timeupdate", rewind);
        playback.currentTime = 0;
      };
      playback.addEventListener("timeupdate", rewind);
      playback.currentTime = 1e101;
    });

    window.addEventListener("beforeunload", function (event) {
      if (state === "recording" || (take && !uploading)) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    window.addEventListener("pagehide", release);

    show("idle");
    box.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    const media = navigator.mediaDevices;
    if (!window.MediaRecorder || !media || !media.getUserMedia || !window.ccVideoUpload) return;
    document.querySelectorAll("[data-video-recorder]").forEach(setup);
  });
})();
