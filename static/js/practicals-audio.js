/**
 * Sound recording per chat or call (docs/practicals.md, "Evidence"): open an upload session on
 * the server, send the chosen file through ChunkUploader (docs/upload-protocol.md), attach the
 * finalized upload to the chat/call, then follow the processing status until it is playable or
 * has failed (with the server's Dutch reason). Texts come from the page's #audio-i18n block.
 */
import { ChunkUploader } from "./chunk-upload.js";

const text = JSON.parse(document.getElementById("audio-i18n")?.textContent || "{}");

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content || "";
}

async function postJson(url, payload) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(payload || {}),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || text.failed);
  return body;
}

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

for (const box of document.querySelectorAll(".audio-upload")) {
  const input = box.querySelector("input[type=file]");
  const button = box.querySelector("[data-audio-send]");
  const bar = box.querySelector("progress");
  const message = box.querySelector("[data-audio-message]");
  button.addEventListener("click", async () => {
    const file = input.files[0];
    if (!file) {
      message.textContent = text.choose;
      input.focus();
      return;
    }
    if (file.size === 0) {
      message.textContent = text.empty;
      return;
    }
    button.disabled = true;
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
      await follow(attached.status_url, message);
    } catch (error) {
      message.textContent = error.message || text.failed;
    } finally {
      button.disabled = false;
    }
  });
}
