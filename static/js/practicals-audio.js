/**
 * Sound recording per chat or call (docs/practicals.md, "Evidence"): open an upload session on
 * the server, send the chosen file through ChunkUploader (docs/upload-protocol.md), attach the
 * finalized upload to the chat/call, then follow the processing status until it is playable or
 * has failed (with the server's Dutch reason). Or record in the browser (MediaRecorder, audio
 * only): on "Stoppen" the recording goes the same way; it stays in the page (and leaving the
 * page asks first) until the server holds it. Texts come from the page's #audio-i18n block.
 */
import { ChunkUploader } from "./chunk-upload.js";
import { postJson as postJsonTo } from "./json-post.js";

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
let unsent = 0; // recordings made here that the server does not hold yet
window.addEventListener("beforeunload", (event) => {
  if (unsent > 0) {
    event.preventDefault();
    event.returnValue = "";
  }
});

function setUpRecorder(box) {
  const controls = box.querySelector("[data-audio-recorder]");
  if (!controls || !navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") return;
  controls.hidden = false;
  const start = controls.querySelector("[data-audio-record]");
  const stop = controls.querySelector("[data-audio-stop]");
  const message = box.querySelector("[data-audio-message]");
  let recorder = null;
  let parts = [];
  start.addEventListener("click", async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const mimeType = RECORD_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) || "";
      recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    } catch (error) {
      message.textContent = text.noMicrophone;
      return;
    }
    parts = [];
    unsent += 1;
    recorder.addEventListener("dataavailable", (e) => { if (e.data.size) parts.push(e.data); });
    recorder.addEventListener("stop", async () => {
      recorder.stream.getTracks().forEach((track) => track.stop());
      const type = (recorder.mimeType || "audio/webm").split(";")[0];
      const extension = type.includes("mp4") ? "m4a" : type.includes("ogg") ? "ogg" : "webm";
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
      const file = new File(parts, `opname-${stamp}.${extension}`, { type });
      let sent = await sendFile(box, file);
      for (let attempt = 1; !sent && attempt < 12; attempt += 1) {
        // the recording stays in the page and is offered again (leaving the page asks first)
        await new Promise((resolve) => setTimeout(resolve, 5000));
        sent = await sendFile(box, file);
      }
      if (sent) unsent -= 1;
    });
    recorder.start(1000);
    start.disabled = true;
    stop.disabled = false;
    message.textContent = text.recording;
  });
  stop.addEventListener("click", () => {
    if (recorder && recorder.state !== "inactive") recorder.stop();
    start.disabled = false;
    stop.disabled = true;
  });
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
