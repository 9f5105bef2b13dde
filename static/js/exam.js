/**
 * The exam pages: the practice question and the run through the ten scenarios.
 *
 * The server is the source of truth (#exam-config holds its state; /assessment/api/current
 * repeats it): which scenario, plays left, when thinking time ends, takes used. This script
 * only drives the phases on screen: ready → thinking → recording (by itself when thinking time
 * runs out, or earlier after 3-2-1 on a tap) → review → confirm, or retake: a confirmation,
 * then "prepare" with a start button. Before anything else it sends takes a reload or crash
 * left in IndexedDB (recorder.js); while recording, leaving the page asks first (beforeunload).
 * Texts come from #exam-i18n (rendered with _() on the server).
 */

import { RecordingStore } from "./recording-store.js";
import { recoverPendingTakes, TakeRecorder } from "./recorder.js";
import { format, openCamera, problemOf, showHelp, strings } from "./device-check.js";

const t = strings();
const config = JSON.parse(document.getElementById("exam-config").textContent);
const panel = document.getElementById("take-panel");
const statusLine = document.getElementById("take-status");
const banner = document.getElementById("offline-banner");
const preview = document.getElementById("camera-preview");
const reviewVideo = document.getElementById("review-video");
const uploadBox = document.getElementById("upload-box");
const uploadBar = document.getElementById("upload-progress");
let state = config.state || null;
let store = null;
let stream = null;
let recorder = null;
let busy = false;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Elapsed and remaining whole seconds that always add up to the maximum. */
function timerParts(elapsed, maxSeconds) {
  const shown = Math.min(maxSeconds, Math.max(0, Math.floor(elapsed)));
  return { elapsed: shown, remaining: maxSeconds - shown };
}

const CAMERA_PHASES = ["thinking", "prepare", "countdown", "recording"];

function say(text) {
  statusLine.textContent = text || "";
}

function setPhase(name) {
  for (const node of panel.querySelectorAll("[data-phase]")) node.hidden = node.dataset.phase !== name;
  panel.dataset.phaseCurrent = name;
  document.querySelector(".exam").dataset.phase = name;
  for (const node of panel.querySelectorAll("[data-shown-in]")) {
    node.hidden = !node.dataset.shownIn.split(" ").includes(name);
  }
  preview.hidden = !CAMERA_PHASES.includes(name) || !preview.srcObject;
}

function actions(name) {
  return panel.querySelectorAll(`[data-action="${name}"]`);
}

function on(name, handler) {
  for (const button of document.querySelectorAll(`[data-action="${name}"]`)) {
    button.addEventListener("click", () => handler(button));
  }
}

function uploadProblem(error) {
  if (error && error.status === 401) return t.logged_out;
  return format(t.upload_failed, { reason: (error && error.body && error.body.error) || t.error });
}

function blocked(message) {
  document.getElementById("blocked-text").textContent = message;
  setPhase("blocked");
}

async function api(method, url, json = null) {
  let response;
  const headers = { Accept: "application/json", "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content };
  if (json) headers["Content-Type"] = "application/json";
  try {
    response = await fetch(url, {
      method,
      credentials: "same-origin",
      redirect: "manual",
      headers,
      body: json ? JSON.stringify(json) : undefined,
    });
  } catch (networkError) {
    const error = new Error(t.offline);
    error.status = 0;
    throw error;
  }
  if (response.type === "opaqueredirect") {
    const error = new Error(t.logged_out);
    error.status = 401;
    throw error;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || t.error);
    error.status = response.status;
    throw error;
  }
  return body;
}

// --- connection banner ----------------------------------------------------------------

let bannerTimer = null;
function showOffline() {
  clearTimeout(bannerTimer);
  banner.classList.remove("ok");
  banner.textContent = t.offline;
  banner.hidden = false;
}
function showOnline() {
  if (banner.hidden) return;
  banner.classList.add("ok");
  banner.textContent = t.online;
  bannerTimer = setTimeout(() => { banner.hidden = true; }, 4000);
}
window.addEventListener("offline", showOffline);
window.addEventListener("online", showOnline);

function showProgress(detail) {
  uploadBox.hidden = false;
  uploadBar.value = detail.fraction;
  uploadBar.dataset.sentBytes = String(detail.sentBytes);
  uploadBar.dataset.recordedBytes = String(detail.recordedBytes);
  const waiting = !navigator.onLine && detail.sentBytes < detail.recordedBytes;
  document.getElementById("upload-text").textContent = format(waiting ? t.sent_waiting : t.sent_share, {
    percent: Math.floor((detail.fraction || 0) * 100),
  });
}

// Leaving while recording (or before the take is stored) loses the last seconds: ask first.
window.addEventListener("beforeunload", (event) => {
  const recording = recorder && ["recording", "stopping"].includes(recorder.state);
  if (!recording && panel.dataset.takeState !== "saving") return;
  event.preventDefault();
  event.returnValue = "";
});

// --- one take ---------------------------------------------------------------------------

let opening = null; // one getUserMedia at a time: a second caller waits for the first
async function ensureStream() {
  if (stream && stream.getTracks().some((track) => track.readyState === "live")) return stream;
  if (!opening) {
    opening = openCamera().finally(() => { opening = null; });
  }
  stream = await opening;
  preview.srcObject = stream;
  preview.hidden = !CAMERA_PHASES.includes(panel.dataset.phaseCurrent);
  return stream;
}

async function countdown() {
  setPhase("countdown");
  const number = document.getElementById("countdown-number");
  for (let n = 3; n > 0; n--) {
    number.textContent = format(t.countdown, { n });
    await sleep(1000);
  }
}

function wireRecorder(rec) {
  const elapsed = document.getElementById("elapsed");
  const show = (seconds) => {
    const parts = timerParts(seconds, rec.maxSeconds);
    elapsed.textContent = format(t.elapsed, { elapsed: clock(parts.elapsed), remaining: clock(parts.remaining) });
    elapsed.dataset.elapsed = String(parts.elapsed);
    elapsed.dataset.remaining = String(parts.remaining);
  };
  show(0);
  rec.addEventListener("tick", (e) => {
    show(e.detail.elapsed);
    panel.dataset.elapsed = e.detail.elapsed.toFixed(2);
  });
  rec.addEventListener("progress", (e) => showProgress(e.detail));
  rec.addEventListener("offline", showOffline);
  rec.addEventListener("online", showOnline);
  rec.addEventListener("error", (e) => say(uploadProblem(e.detail.error)));
}

/** Record one take: camera, server opens the take, 3-2-1 (unless it starts by itself),
 * record, review, wait for "saved". */
async function recordTake(openTake, onSaved, { automatic = false } = {}) {
  if (busy) return;
  busy = true;
  try {
    try {
      await ensureStream();
    } catch (error) {
      showHelp(problemOf(error));
      return;
    }
    let take;
    try {
      take = await openTake();
    } catch (error) {
      // a refusal (limit, window) ends here; a network problem can simply be tried again
      if ([403, 409, 410].includes(error.status)) blocked(error.message);
      else say(error.message);
      return;
    }
    if (!automatic) await countdown();
    recorder = new TakeRecorder({
      stream, store, takeId: take.id, owner: config.owner, uploadUrl: take.upload_url, maxSeconds: take.max_seconds,
    });
    wireRecorder(recorder);
    const stopped = new Promise((resolve) => {
      recorder.addEventListener("state", (e) => { if (e.detail.state === "stopped") resolve(e.detail); });
    });
    await recorder.start();
    panel.dataset.takeId = take.id;
    panel.dataset.takeState = "recording";
    panel.dataset.mime = recorder.mime;
    setPhase("recording");
    // the server's answer says whether the answer time was shortened (first take opened late)
    if (take.late_seconds > 0) say(format(t.late_started, { time: clock(take.max_seconds) }));
    else say(automatic ? t.auto_started : "");
    actions("stop")[0].focus();
    const detail = await stopped;
    panel.dataset.recordedSeconds = detail.seconds.toFixed(2);
    if (detail.seconds >= take.max_seconds - 0.5) say(t.auto_stopped);
    const blob = await recorder.stop();
    showReview(URL.createObjectURL(blob), false);
    panel.dataset.takeState = "saving";
    try {
      await recorder.saved;
    } catch (error) {
      say(uploadProblem(error));
      return;
    }
    markSaved();
    say("");
    if (onSaved) await onSaved(take);
  } finally {
    busy = false;
  }
}

function showReview(src, saved) {
  if (reviewVideo.src && reviewVideo.src.startsWith("blob:")) URL.revokeObjectURL(reviewVideo.src);
  if (src) reviewVideo.src = src;
  document.getElementById("saved-badge").hidden = !saved;
  document.getElementById("review-note").textContent = saved ? "" : t.not_saved;
  for (const button of actions("confirm")) button.disabled = !saved;
  setPhase("review");
}

function markSaved() {
  panel.dataset.takeState = "saved";
  document.getElementById("saved-badge").hidden = false;
  document.getElementById("review-note").textContent = "";
  for (const button of actions("confirm")) button.disabled = false;
}

async function recoverLeftovers() {
  const pending = await store.pendingTakes(config.owner);
  if (!pending.length) return;
  say(t.recovering);
  setPhase("saving");
  let failed = false;
  await recoverPendingTakes({
    store,
    owner: config.owner,
    onEvent: (type, detail) => {
      if (type === "progress") showProgress(detail);
      if (type === "offline") showOffline();
      if (type === "online") showOnline();
      if (type === "error") failed = true;
      if (type === "error") say(uploadProblem(detail.error));
    },
  });
  if (!failed) say(t.recovered);
}

// --- practice -------------------------------------------------------------------------

async function prepareRetake() {
  setPhase("prepare");
  try {
    await ensureStream();
    setPhase("prepare");
  } catch (error) {
    showHelp(problemOf(error));
  }
  actions("record")[0].focus();
}

async function startPractice() {
  const openTake = () => api("POST", config.open_take_url);
  on("record", () => recordTake(openTake));
  on("retake", () => prepareRetake()); // practice retakes are free: no question, but a start button
  setPhase("ready");
}

// --- scenarios ------------------------------------------------------------------------

function renderPlays() {
  const text = document.getElementById("plays-text");
  const play = document.getElementById("play-button");
  if (!text || !play) return;
  if (state.takes.used > 0) {
    text.textContent = t.video_locked;
    play.disabled = true;
  } else if (state.plays.remaining <= 0) {
    text.textContent = t.no_plays_left;
    play.disabled = true;
  } else {
    text.textContent = format(t.plays_remaining, { n: state.plays.remaining });
    play.disabled = false;
  }
}

function setupPrompt() {
  const video = document.getElementById("prompt-video");
  if (!video) return;
  const play = document.getElementById("play-button");
  const pause = document.getElementById("pause-button");
  let playing = false; // a counted play that has not ended yet
  video.addEventListener("ended", () => {
    playing = false;
    pause.hidden = true;
    renderPlays();
  });
  video.addEventListener("pause", () => { if (playing) play.disabled = false; });
  on("play", async () => {
    if (playing && video.paused) { // resuming a paused play does not count again
      await video.play();
      return;
    }
    play.disabled = true;
    try {
      const body = await api("POST", state.urls.play);
      state.plays.remaining = body.plays_remaining;
      state.plays.used += 1;
    } catch (error) {
      say(error.message);
      state.plays.remaining = 0;
      renderPlays();
      return;
    }
    playing = true;
    if (!video.getAttribute("src")) video.src = state.scenario.video_url;
    video.currentTime = 0;
    pause.hidden = false;
    renderPlays();
    play.disabled = true;
    await video.play().catch(() => { play.disabled = false; });
  });
  on("pause", () => video.pause());
  renderPlays();
}

let thinkingTimer = null;
/** Count down the thinking time the server reports; when it runs out while the page is open,
 * the recording starts by itself (the server records that the take started automatically).
 * After a reload past the end the first take starts at once too: its answer time has been
 * running since the deadline (the server says how much is left and stops it there). */
function startThinkingClock(remainingSeconds) {
  const timer = document.getElementById("thinking-timer");
  const end = performance.now() + remainingSeconds * 1000;
  const lateStart = remainingSeconds <= 0 && state.takes.used === 0 && state.thinking.answer_seconds_left > 0;
  const autoStart = remainingSeconds > 0 || lateStart;
  clearInterval(thinkingTimer);
  const update = () => {
    const left = (end - performance.now()) / 1000;
    if (left <= 0) {
      clearInterval(thinkingTimer);
      timer.textContent = autoStart ? t.thinking_over_auto : t.thinking_over;
      if (autoStart && panel.dataset.phaseCurrent === "thinking" && !busy) {
        recordTake(() => openScenarioTake(true), async () => renderTakes(), { automatic: true });
      }
    } else {
      timer.textContent = format(t.thinking_remaining, { time: clock(left) });
    }
  };
  setPhase("thinking");
  update();
  if (remainingSeconds > 0) thinkingTimer = setInterval(update, 250);
  ensureStream().then(() => setPhase(panel.dataset.phaseCurrent)).catch(() => {}); // self-view
}

function renderTakes() {
  const text = document.getElementById("takes-text");
  const remaining = state.takes.remaining;
  text.textContent = remaining > 0 ? format(t.takes_remaining, { n: remaining }) : t.no_takes_left;
  for (const button of actions("retake")) button.hidden = remaining <= 0;
}

/** What a retake means, said before it happens: the shown take lapses, N retakes remain. */
function retakeMessage(strings, remaining, freeRetake) {
  const after = remaining - 1;
  const parts = [strings.retake_discards];
  parts.push(after > 0 ? format(strings.retakes_after, { n: after }) : strings.retake_last);
  if (freeRetake) parts.push(strings.retake_free);
  return parts.join(" ");
}

function askRetake() {
  document.getElementById("retake-text").textContent = retakeMessage(t, state.takes.remaining, state.takes.free_retake);
  setPhase("confirm-retake");
  document.getElementById("retake-title").focus();
}

async function pollProcessed(take) {
  for (;;) {
    const body = await api("GET", take.status_url).catch(() => null);
    if (body && body.asset.video_url) {
      reviewVideo.src = body.asset.video_url;
      document.getElementById("review-note").textContent = "";
      return;
    }
    if (body && body.asset.status === "failed") {
      document.getElementById("review-note").textContent = body.asset.failure_reason || t.error;
      return;
    }
    await sleep(3000);
  }
}

function renderScenario() {
  renderPlays();
  const take = state.latest_take;
  if (take && take.interrupted) panel.dataset.interrupted = "true";
  if (take && take.asset.saved) {
    panel.dataset.takeId = take.id;
    showReview(take.asset.video_url, true);
    markSaved();
    renderTakes();
    if (!take.asset.video_url) {
      document.getElementById("review-note").textContent = t.processing;
      pollProcessed(take);
    }
    if (take.interrupted) say(state.takes.free_retake ? t.interrupted_free : t.interrupted);
  } else if (take && take.interrupted && state.takes.remaining > 0) {
    say(t.interrupted_lost); // nothing of it arrived: record again (it does not count)
    setPhase("prepare");
    ensureStream().then(() => setPhase("prepare")).catch((error) => showHelp(problemOf(error)));
  } else if (!take && state.thinking.first_take_missed) {
    // thinking and answer time ran out before a take: the first take lapsed (server's rule)
    if (state.takes.remaining > 0) {
      say(format(t.first_take_missed, { n: state.takes.remaining }));
      setPhase("prepare");
      ensureStream().then(() => setPhase("prepare")).catch((error) => showHelp(problemOf(error)));
    } else {
      blocked(t.first_take_missed_none);
    }
  } else if (state.thinking.started) {
    startThinkingClock(state.thinking.remaining_seconds || 0);
  } else {
    setPhase("ready");
  }
}

async function refreshState() {
  state = await api("GET", config.state_url);
  if (state.done) window.location.assign(state.next_url);
  return state;
}

async function openScenarioTake(automatic = false) {
  const body = await api("POST", state.urls.takes, automatic ? { automatic: true } : null);
  state.takes.used += 1;
  state.takes.remaining = body.takes_remaining;
  state.latest_take = body;
  clearInterval(thinkingTimer);
  renderPlays();
  const video = document.getElementById("prompt-video");
  if (video) video.pause();
  return body;
}

async function startScenarios() {
  setupPrompt();
  on("think", async (button) => {
    button.disabled = true;
    ensureStream().catch(() => {}); // the tap opens the camera: self-view while thinking
    try {
      const body = await api("POST", state.urls.thinking);
      state.thinking.started = true;
      startThinkingClock(body.remaining_seconds);
    } catch (error) {
      say(error.message);
      button.disabled = false;
    }
  });
  on("record", () => recordTake(() => openScenarioTake(false), async () => renderTakes()));
  on("retake", () => askRetake());
  on("retake-yes", () => prepareRetake());
  on("retake-no", () => {
    setPhase("review");
    actions("retake")[0].focus();
  });
  on("confirm", async (button) => {
    button.disabled = true;
    try {
      const next = await api("POST", state.latest_take.confirm_url);
      window.location.assign(next.done ? next.next_url : window.location.pathname);
    } catch (error) {
      say(error.message);
      button.disabled = false;
    }
  });
  renderScenario();
}

async function main() {
  on("stop", () => { if (recorder && recorder.state === "recording") recorder.stop(); });
  try {
    store = await RecordingStore.open();
  } catch (error) {
    blocked(t.error);
    return;
  }
  await recoverLeftovers();
  if (config.mode === "practice") {
    await startPractice();
  } else {
    if (panel.dataset.phaseCurrent === "saving") await refreshState();
    await startScenarios();
  }
  panel.dataset.ready = "true";
}

main();
