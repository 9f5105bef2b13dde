/**
 * The exam pages: the practice question and the run through the ten scenarios.
 *
 * The server is the source of truth (#exam-config holds its state; /assessment/api/current
 * repeats it): which scenario, plays left, when thinking time ends, takes used. This script
 * only drives the phases on screen: ready → thinking → 3-2-1 → recording → review → confirm.
 * Before anything else it sends takes a reload or crash left in IndexedDB (recorder.js).
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

function say(text) {
  statusLine.textContent = text || "";
}

function setPhase(name) {
  for (const node of panel.querySelectorAll("[data-phase]")) node.hidden = node.dataset.phase !== name;
  panel.dataset.phaseCurrent = name;
  preview.hidden = !["countdown", "recording"].includes(name);
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

async function api(method, url) {
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json", "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content },
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
}

// --- one take ---------------------------------------------------------------------------

async function ensureStream() {
  if (stream && stream.getTracks().some((track) => track.readyState === "live")) return stream;
  stream = await openCamera();
  preview.srcObject = stream;
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
  rec.addEventListener("tick", (e) => {
    elapsed.textContent = format(t.elapsed, { elapsed: clock(e.detail.elapsed), remaining: clock(e.detail.remaining) });
    panel.dataset.elapsed = e.detail.elapsed.toFixed(2);
  });
  rec.addEventListener("progress", (e) => showProgress(e.detail));
  rec.addEventListener("offline", showOffline);
  rec.addEventListener("online", showOnline);
  rec.addEventListener("error", (e) => say(uploadProblem(e.detail.error)));
}

/** Record one take: camera, server opens the take, 3-2-1, record, review, wait for "saved". */
async function recordTake(openTake, onSaved) {
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
    await countdown();
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
    say(t.recording);
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
  say(t.saved);
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

async function startPractice() {
  const openTake = () => api("POST", config.open_take_url);
  on("record", () => recordTake(openTake));
  on("retake", () => recordTake(openTake));
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
function startThinkingClock(remainingSeconds) {
  const timer = document.getElementById("thinking-timer");
  const end = performance.now() + remainingSeconds * 1000;
  clearInterval(thinkingTimer);
  const update = () => {
    const left = (end - performance.now()) / 1000;
    if (left <= 0) {
      timer.textContent = t.thinking_over;
      clearInterval(thinkingTimer);
    } else {
      timer.textContent = format(t.thinking_remaining, { time: clock(left) });
    }
  };
  update();
  thinkingTimer = setInterval(update, 250);
  setPhase("thinking");
}

function renderTakes() {
  const text = document.getElementById("takes-text");
  const remaining = state.takes.remaining;
  text.textContent = remaining > 0 ? format(t.takes_remaining, { n: remaining }) : t.no_takes_left;
  for (const button of actions("retake")) button.hidden = remaining <= 0;
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
  if (take && take.asset.saved) {
    panel.dataset.takeId = take.id;
    showReview(take.asset.video_url, true);
    markSaved();
    renderTakes();
    if (!take.asset.video_url) {
      document.getElementById("review-note").textContent = t.processing;
      pollProcessed(take);
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

async function openScenarioTake() {
  const body = await api("POST", state.urls.takes);
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
    try {
      const body = await api("POST", state.urls.thinking);
      state.thinking.started = true;
      startThinkingClock(body.remaining_seconds);
    } catch (error) {
      say(error.message);
      button.disabled = false;
    }
  });
  on("record", () => recordTake(openScenarioTake, async () => renderTakes()));
  on("retake", () => recordTake(openScenarioTake, async () => renderTakes()));
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
