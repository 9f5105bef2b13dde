/**
 * Sound recording per chat or call (docs/practicals.md, "Evidence"): open an upload session on
 * the server, send the chosen file through ChunkUploader (docs/upload-protocol.md), attach the
 * finalized upload to the chat/call, then follow the processing status until it is playable or
 * has failed (with the server's Dutch reason).
 *
 * Or record in the browser (MediaRecorder, audio only) with the candidate recorder's machinery
 * (recorder.js, recording-store.js): every chunk goes to IndexedDB first and then to the server
 * while recording. A reload or a closed tab mid-way keeps what was recorded up to then: on the
 * next load the take is sent and finalized (recoverPendingTakes) and attached to its chat/call;
 * the attach still owed is remembered in localStorage until the server confirms it. Leaving
 * the page while recording asks first. Texts come from the page's #audio-i18n block.
 */
import { ChunkUploader } from "./chunk-upload.js";
import { postJson as postJsonTo } from "./json-post.js";
import { RecordingStore } from "./recording-store.js";
import { TakeRecorder, canRecord, pickMimeType, recoverPendingTakes } from "./recorder.js";

const text = JSON.parse(document.getElementById("audio-i18n")?.textContent || "{}");

const postJson = (url, payload) => postJsonTo(url, payload, text.failed);

async function follow(statusUrl, message) {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const response = await fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (body.status === "ready") {
      message.textContent = text.ready;
      window.location.reload();
      return;
    }
    if (body.status === "failed") {
      message.textContent = `${text.failedProcessing} ${body.failure_reason || ""}`;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000 + attempt * 500, 5000)));
  }
  message.textContent = text.later;
}

async function sendFile(box, file) {
  const bar = box.querySelector("progress");
  const message = box.querySelector("[data-audio-message]");
  if (file.size === 0) {
    message.textContent = text.empty;
    return false;
  }
  bar.hidden = false;
  bar.value = 0;
  message.textContent = text.uploading;
  try {
    const session = await postJson(box.dataset.openUrl, { filename: file.name, size: file.size });
    const uploader = new ChunkUploader(session.upload_url, { maxAttempts: 8 });
    uploader.addEventListener("progress", (e) => { bar.value = Math.round(e.detail.fraction * 100); });
    await uploader.uploadFile(file, file.type || "application/octet-stream");
    const attached = await postJson(session.attach_url, { upload_id: session.upload_id, filename: file.name });
    message.textContent = attached.message;
    follow(attached.status_url, message);
    return true;
  } catch (error) {
    message.textContent = error.message || text.failed;
    return false;
  }
}

const RECORD_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"];
const MAX_RECORD_SECONDS = 4 * 60 * 60; // a long call; the upload session's maximum applies too
const ATTACH_KEY = "practicals-audio:attach"; // recordings whose attach is not confirmed yet
let busy = 0; // recordings of this page still running
window.addEventListener("beforeunload", (event) => {
  if (busy > 0) {
    event.preventDefault();
    event.returnValue = "";
  }
});

let opened = null;
const store = () => (opened ||= RecordingStore.open());
const lockName = (uploadId) => `practicals-audio:${uploadId}`;

function owedAttaches() {
  try {
    return JSON.parse(localStorage.getItem(ATTACH_KEY) || "[]");
  } catch {
    return [];
  }
}

function setOwed(list) {
  localStorage.setItem(ATTACH_KEY, JSON.stringify(list));
}

/** Attach a finalized recording to its chat/call; true when done or never possible. */
async function attach(box, item) {
  const message = box.querySelector("[data-audio-message]");
  let response;
  try {
    response = await fetch(item.attachUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ upload_id: item.uploadId, filename: item.filename }),
    });
  } catch {
    message.textContent = text.failed;
    return false; // offline: stays owed, tried again on the next load
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok || [403, 404, 409, 422].includes(response.status)) {
    // attached, or never attachable (gone, locked, nothing recorded): nothing is owed any more
    setOwed(owedAttaches().filter((owed) => owed.uploadId !== item.uploadId));
  }
  if (!response.ok) {
    message.textContent = body.error || text.failed;
    return false;
  }
  message.textContent = body.message;
  follow(body.status_url, message);
  return true;
}

function csrf() {
  return document.querySelector('meta[name="csrf-token"]')?.content || "";
}

function fileName(mime) {
  const type = (mime || "audio/webm").split(";")[0];
  const extension = type.includes("mp4") ? "m4a" : type.includes("ogg") ? "ogg" : "webm";
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return `opname-${stamp}.${extension}`;
}

function setUpRecorder(box) {
  const controls = box.querySelector("[data-audio-recorder]");
  if (!controls || !canRecord() || !("indexedDB" in window)) return;
  controls.hidden = false;
  const start = controls.querySelector("[data-audio-record]");
  const stop = controls.querySelector("[data-audio-stop]");
  const message = box.querySelector("[data-audio-message]");
  const bar = box.querySelector("progress");
  let take = null;

  async function finish(recorder, item, stream, release) {
    stream.getTracks().forEach((track) => track.stop());
    busy -= 1;
    message.textContent = text.uploading;
    try {
      await recorder.saved; // every chunk sent and the upload finalized (retried while offline)
      await attach(box, item);
    } catch (error) {
      message.textContent = error.message || text.failed; // the take stays in IndexedDB
    } finally {
      release();
      start.disabled = false;
    }
  }

  start.addEventListener("click", async () => {
    start.disabled = true;
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      message.textContent = text.noMicrophone;
      start.disabled = false;
      return;
    }
    const filename = fileName(pickMimeType(RECORD_TYPES));
    try {
      const session = await postJson(box.dataset.openUrl, { filename, live: true });
      const item = {
        uploadId: session.upload_id, attachUrl: session.attach_url, filename,
        owner: box.dataset.owner, position: box.dataset.position,
      };
      setOwed([...owedAttaches(), item]);
      let release = () => {};
      // while this tab records, another tab's recovery leaves the take alone
      const held = new Promise((resolve) => { release = resolve; });
      navigator.locks?.request(lockName(item.uploadId), () => held);
      take = new TakeRecorder({
        stream, store: await store(), takeId: item.uploadId, owner: item.owner,
        uploadUrl: session.upload_url, maxSeconds: MAX_RECORD_SECONDS, mimeTypes: RECORD_TYPES,
        context: item,
      });
      take.addEventListener("progress", (e) => { bar.value = Math.round(e.detail.fraction * 100); });
      const recorder = take;
      take.addEventListener("state", (e) => {
        if (e.detail.state === "stopped") finish(recorder, item, stream, release);
      });
      await take.start();
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      message.textContent = error.message || text.failed;
      start.disabled = false;
      return;
    }
    busy += 1;
    bar.hidden = false;
    bar.value = 0;
    stop.disabled = false;
    message.textContent = text.recording;
  });
  stop.addEventListener("click", () => {
    stop.disabled = true;
    if (take && take.state === "recording") take.stop();
  });
}

/** On load: send, finalize and attach what a reload or a closed tab left of a recording. */
async function recover(boxes) {
  const owner = boxes[0]?.dataset.owner;
  if (!owner || !("indexedDB" in window)) return;
  const boxAt = (position) => boxes.find((b) => b.dataset.position === String(position)) || boxes[0];
  let local;
  try {
    local = await store();
  } catch {
    return; // no IndexedDB (private mode): nothing can have been kept either
  }
  const recordingElsewhere = async (take) => {
    if (!navigator.locks) return false;
    return navigator.locks.request(lockName(take.takeId), { ifAvailable: true }, (lock) => lock === null);
  };
  await recoverPendingTakes({
    store: local,
    owner,
    skip: recordingElsewhere,
    onEvent: (type, detail, take) => {
      const box = boxAt(take.context?.position);
      const bar = box.querySelector("progress");
      if (type === "recovering") {
        box.querySelector("[data-audio-message]").textContent = text.recovering;
        bar.hidden = false;
      } else if (type === "progress") {
        bar.value = Math.round(detail.fraction * 100);
      } else if (type === "error") {
        box.querySelector("[data-audio-message]").textContent = text.failed;
      }
    },
  });
  for (const item of owedAttaches().filter((owed) => owed.owner === owner)) {
    if (await local.getTake(item.uploadId)) continue; // not finalized yet: a later load sends it
    await attach(boxAt(item.position), item);
  }
}

for (const box of document.querySelectorAll(".audio-upload")) {
  const input = box.querySelector("input[type=file]");
  const button = box.querySelector("[data-audio-send]");
  const message = box.querySelector("[data-audio-message]");
  button.addEventListener("click", async () => {
    const file = input.files[0];
    if (!file) {
      message.textContent = text.choose;
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      await sendFile(box, file);
    } finally {
      button.disabled = false;
    }
  });
  setUpRecorder(box);
}
recover([...document.querySelectorAll(".audio-upload")]);
