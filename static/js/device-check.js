/**
 * Device check: live camera preview, a microphone level meter (Web Audio AnalyserNode) and a
 * five-second test recording played back from a local blob (it never leaves the device).
 * Shows the matching help block when permission is denied, no camera exists or the browser
 * cannot record. Texts come from the page's #exam-i18n block.
 */

import { canRecord, pickMimeType } from "./recorder.js";

const TEST_SECONDS = 5;

export function strings() {
  const node = document.getElementById("exam-i18n");
  return node ? JSON.parse(node.textContent) : {};
}

export function format(text, params = {}) {
  return String(text).replace(/%\((\w+)\)s/g, (_, key) => (key in params ? params[key] : ""))
    .replace(/%%/g, "%");
}

/** Map a getUserMedia error to the help block that explains it. */
export function problemOf(error) {
  const name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "nocamera";
  if (name === "NotReadableError" || name === "TrackStartError" || name === "AbortError") return "busy";
  if (name === "Unsupported") return "unsupported";
  return "other";
}

/** Show the help for `problem` (and hide the others); moves focus there for screen readers. */
export function showHelp(problem) {
  const help = document.getElementById("camera-help");
  if (!help) return;
  for (const block of help.querySelectorAll("[data-problem]")) block.hidden = block.dataset.problem !== problem;
  help.hidden = false;
  help.focus();
}

export const CAMERA_CONSTRAINTS = {
  video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: "user" },
  audio: { echoCancellation: true, noiseSuppression: true },
};

const DEVICE_KEY = "ksf-exam-devices"; // {video, audio}: the deviceIds the candidate chose

/** The camera and microphone chosen on the device check (this browser only), or {}. */
export function chosenDevices() {
  try {
    return JSON.parse(localStorage.getItem(DEVICE_KEY) || "{}") || {};
  } catch (error) {
    return {};
  }
}

export function chooseDevice(kind, deviceId) {
  localStorage.setItem(DEVICE_KEY, JSON.stringify({ ...chosenDevices(), [kind]: deviceId }));
}

/** The constraints for getUserMedia with the chosen devices (if any). */
export function constraintsFor(chosen) {
  const video = { ...CAMERA_CONSTRAINTS.video };
  const audio = { ...CAMERA_CONSTRAINTS.audio };
  if (chosen.video) video.deviceId = { exact: chosen.video };
  if (chosen.audio) audio.deviceId = { exact: chosen.audio };
  return { video, audio };
}

/** Ask for camera and microphone; throws an Error named "Unsupported" when it cannot work. */
export async function openCamera() {
  if (!canRecord()) {
    const error = new Error("recording is not supported");
    error.name = "Unsupported";
    throw error;
  }
  const chosen = chosenDevices();
  if (!chosen.video && !chosen.audio) return navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
  try {
    return await navigator.mediaDevices.getUserMedia(constraintsFor(chosen));
  } catch (error) {
    if (!["OverconstrainedError", "NotFoundError"].includes(error && error.name)) throw error;
    localStorage.removeItem(DEVICE_KEY); // the chosen device is gone: use the default
    return navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
  }
}

/** Options for a device <select>: one per device of `kind`, named by its label or a number. */
export function deviceOptions(devices, kind, fallbackName) {
  return devices
    .filter((device) => device.kind === kind && device.deviceId)
    .map((device, i) => ({ id: device.deviceId, label: device.label || format(fallbackName, { n: i + 1 }) }));
}

/** Offer a choice only where there is one: a <select> per kind with more than one device. */
async function fillDeviceChoices(stream, onChange) {
  const box = document.getElementById("device-choice");
  if (!box || !navigator.mediaDevices.enumerateDevices) return;
  const t = strings();
  const devices = await navigator.mediaDevices.enumerateDevices();
  let any = false;
  for (const [kind, key, name, tracks] of [
    ["videoinput", "video", t.camera_n, stream.getVideoTracks()],
    ["audioinput", "audio", t.microphone_n, stream.getAudioTracks()],
  ]) {
    const select = document.getElementById(`choose-${key}`);
    const options = deviceOptions(devices, kind, name);
    select.closest("[data-choice]").hidden = options.length < 2;
    if (options.length < 2) continue;
    any = true;
    const current = tracks[0] && tracks[0].getSettings ? tracks[0].getSettings().deviceId : "";
    select.replaceChildren(...options.map((o) => new Option(o.label, o.id, false, o.id === current)));
    select.onchange = () => {
      chooseDevice(key, select.value);
      onChange();
    };
  }
  box.hidden = !any;
}

/** Drive `meter` (a <meter> 0..1) from the stream's audio; returns a stop function. */
export function startLevelMeter(stream, meter) {
  const AudioCtx = window.AudioContext || window.webkitAudioContext;
  if (!AudioCtx || !stream.getAudioTracks().length) return () => {};
  const context = new AudioCtx();
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Uint8Array(analyser.fftSize);
  let peak = 0;
  let frame = 0;
  const update = () => {
    analyser.getByteTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += ((sample - 128) / 128) ** 2;
    const level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
    meter.value = level;
    peak = Math.max(peak, level);
    meter.dataset.peak = peak.toFixed(3);
    frame = requestAnimationFrame(update);
  };
  context.resume().then(update);
  return () => {
    cancelAnimationFrame(frame);
    context.close();
  };
}

function recordTest(stream, seconds, onTick) {
  return new Promise((resolve, reject) => {
    const mimeType = pickMimeType();
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    const parts = [];
    recorder.ondataavailable = (event) => { if (event.data.size) parts.push(event.data); };
    recorder.onstop = () => resolve(new Blob(parts, { type: (recorder.mimeType || mimeType).split(";")[0] }));
    recorder.onerror = (event) => reject(event.error || new Error("recording failed"));
    recorder.start(1000);
    let left = seconds;
    onTick(left);
    const timer = setInterval(() => {
      left -= 1;
      onTick(left);
      if (left <= 0) {
        clearInterval(timer);
        recorder.stop();
      }
    }, 1000);
  });
}

function init() {
  const t = strings();
  const start = document.getElementById("start-devices");
  const panel = document.getElementById("device-panel");
  const preview = document.getElementById("camera-preview");
  const meter = document.getElementById("level-meter");
  const testButton = document.getElementById("test-record");
  const testStatus = document.getElementById("test-status");
  const playback = document.getElementById("test-playback");
  const form = document.getElementById("device-form");
  let stream = null;
  let stopMeter = () => {};

  async function open() {
    if (stream) for (const track of stream.getTracks()) track.stop();
    stopMeter();
    stream = await openCamera();
    preview.srcObject = stream;
    stopMeter = startLevelMeter(stream, meter);
    await fillDeviceChoices(stream, () => open().catch((error) => showHelp(problemOf(error))));
  }

  start.addEventListener("click", async () => {
    start.disabled = true;
    try {
      await open();
    } catch (error) {
      start.disabled = false;
      showHelp(problemOf(error));
      return;
    }
    document.getElementById("camera-help").hidden = true;
    panel.hidden = false;
    start.hidden = true;
    testButton.focus();
  });
  start.disabled = false; // rendered disabled: a tap before this script listened did nothing

  testButton.addEventListener("click", async () => {
    testButton.disabled = true;
    try {
      const blob = await recordTest(stream, TEST_SECONDS, (n) => {
        testStatus.textContent = format(t.test_recording, { n });
      });
      if (playback.src) URL.revokeObjectURL(playback.src);
      playback.src = URL.createObjectURL(blob);
      playback.hidden = false;
      playback.dataset.bytes = String(blob.size);
      testStatus.textContent = t.test_ready;
      form.hidden = false;
    } catch (error) {
      testStatus.textContent = t.camera_error;
      showHelp("other");
    } finally {
      testButton.disabled = false;
    }
  });
}

if (document.getElementById("device-check")) init();
