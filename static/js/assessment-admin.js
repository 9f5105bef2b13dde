/**
 * Admin page "actor video for a scenario": open an upload session on the server, send the chosen
 * file through ChunkUploader (docs/upload-protocol.md), then attach the finalized asset to the
 * scenario. Dutch messages come from the page's #i18n block.
 */
import { ChunkUploader } from "./chunk-upload.js";
import { postJson as postJsonTo } from "./json-post.js";

const form = document.getElementById("scenario-video-form");
const text = JSON.parse(document.getElementById("i18n").textContent);

const postJson = (url, payload) => postJsonTo(url, payload, text.failed);

if (form) {
  const input = document.getElementById("scenario-video-file");
  const bar = document.getElementById("scenario-video-progress");
  const status = document.getElementById("scenario-video-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) {
      status.textContent = text.choose;
      input.focus();
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = text.uploading;
    try {
      const session = await postJson(form.dataset.openUrl);
      const uploader = new ChunkUploader(session.upload_url, { maxAttempts: 8 });
      uploader.addEventListener("progress", (e) => { bar.value = Math.round(e.detail.fraction * 100); });
      await uploader.uploadFile(file);
      status.textContent = text.attaching;
      const attached = await postJson(form.dataset.attachUrl, { upload_id: session.upload_id });
      status.textContent = attached.message;
      form.dataset.assetId = attached.asset.id;
    } catch (error) {
      status.textContent = error.message || text.failed;
    } finally {
      button.disabled = false;
    }
  });
}
