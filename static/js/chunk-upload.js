/**
 * ChunkUploader: the browser side of docs/upload-protocol.md (numbered, checksummed, idempotent
 * chunk PUTs, a status GET to resume, a finalize call with the whole-file SHA-256).
 *
 * Used by the recorder (static/js/recorder.js) for takes and by admin pages for scenario videos.
 *
 *   import { ChunkUploader, Sha256, md5Hex, sha256Hex } from "/static/js/chunk-upload.js";
 *
 *   const up = new ChunkUploader("/media/uploads/<id>", { csrfToken });
 *   up.addEventListener("progress", (e) => bar.value = e.detail.fraction);
 *   up.addEventListener("retry", (e) => console.log(e.detail.attempt, e.detail.delayMs));
 *   const result = await up.uploadFile(file);          // slices into 8 MB chunks, resumes, finalizes
 *
 *   // piecewise (the recorder): PUT chunks as they come, then finalize
 *   const held = await up.received();                  // Map index -> {size, sha256, md5}
 *   await up.putChunk(0, arrayBuffer, shaHex);         // shaHex optional (computed if missing)
 *   await up.finalize({ chunkCount, sha256, mime, chunks, chunkMd5 }); // the server's JSON (200)
 *   // retryMismatch: false → a 422 (whole-file hash mismatch) throws instead of being retried
 *
 * Options: csrfToken (default: <meta name="csrf-token">), maxAttempts (default Infinity: keep
 * trying while the page is open), baseDelayMs (500), maxDelayMs (15000), chunkSize (8 MB).
 * Network errors, 408/429/5xx and 422 (a corrupted body) are retried with exponential back-off
 * and full jitter; while the browser says it is offline the uploader waits for `online`.
 * Other answers (400, 403, 404, 409, 413) throw UploadError with `.status` and `.body`; a
 * redirect (an expired login) throws with status 401, so nothing is ever taken as stored.
 * Events: "progress" {sentBytes, totalBytes, fraction}, "retry" {attempt, delayMs, status},
 * "offline", "online".
 *
 * Direct mode (the status says `"direct": true`, the store is S3): putChunk asks the app for
 * presigned PUT URLs, TARGET_BATCH indexes ahead, and sends the bytes straight to the store
 * (no cookies); a 403 from the store (an expired URL) fetches fresh ones. Finalize then sends
 * the SHA-256 and the MD5 of every chunk (`chunks`, `chunk_md5`: the server compares the MD5s
 * with the store's ETags); a 422 naming `damaged` chunks throws, so the caller sends those
 * again and finalizes once more.
 */

import { md5 } from "../vendor/noble-hashes/legacy.js";
import { sha256 } from "../vendor/noble-hashes/sha2.js";

export const DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

export class UploadError extends Error {
  constructor(message, status, body) {
    super(message);
    this.name = "UploadError";
    this.status = status;
    this.body = body;
  }
}

const RETRY_STATUSES = new Set([408, 422, 425, 429, 500, 502, 503, 504]);
const STORE_RETRY_STATUSES = new Set([403, 408, 429, 500, 502, 503, 504]);
export const TARGET_BATCH = 32; // presigned URLs asked for at once (the server allows 64)
const TARGET_MARGIN_MS = 60_000; // a URL this close to its expiry is asked for again

function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

function asBytes(data) {
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Return the SHA-256 of `data` (ArrayBuffer or view) as lowercase hex, via crypto.subtle. */
export async function sha256Hex(data) {
  return toHex(await crypto.subtle.digest("SHA-256", data));
}

/**
 * Return the MD5 of `data` (ArrayBuffer or view) as lowercase hex (synchronous; crypto.subtle
 * has no MD5, so the vendored @noble/hashes md5). Not for security: S3's ETag of a single
 * PutObject is the MD5 of the body, so finalize can check chunks against it without reading
 * them back.
 */
export function md5Hex(data) {
  return toHex(md5(asBytes(data)));
}

/**
 * Incremental SHA-256 (crypto.subtle has no streaming digest), so a whole file of any size can
 * be hashed chunk by chunk without holding it in memory. The audited @noble/hashes sha256,
 * vendored in /static/vendor/noble-hashes (no build step, nothing fetched from elsewhere).
 */
export class Sha256 {
  constructor() {
    this._hash = sha256.create();
    this.bytes = 0;
  }

  /** Add `data` (ArrayBuffer or view); returns this. */
  update(data) {
    const input = asBytes(data);
    this._hash.update(input);
    this.bytes += input.length;
    return this;
  }

  /** The hex digest of everything so far; the hash can still be updated afterwards. */
  hex() {
    return toHex(this._hash.clone().digest());
  }
}

function csrfFromPage() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function waitForOnline(maxMs) {
  return new Promise((resolve) => {
    const done = () => {
      window.removeEventListener("online", done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    window.addEventListener("online", done);
  });
}

export class ChunkUploader extends EventTarget {
  constructor(uploadUrl, options = {}) {
    super();
    this.url = uploadUrl.replace(/\/$/, "");
    this.csrfToken = options.csrfToken || csrfFromPage();
    this.maxAttempts = options.maxAttempts ?? Infinity;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 15000;
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.direct = null; // unknown until the first status answer
    this._targets = new Map(); // index -> {url, method, headers, expiresAt}
  }

  /** Ask the server what it holds: {state, direct, received: Map(index -> {size, sha256, md5}),
   * raw}. In direct mode `sha256` may be null (the store's listing has no SHA-256) and `md5` is
   * the store's (null when unknown); on the app route `md5` is null. */
  async status() {
    const body = await this._request("GET", this.url);
    const received = new Map();
    for (const item of body.received || []) received.set(item.index, { ...item, md5: item.md5 ?? null });
    this.direct = Boolean(body.direct);
    return { state: body.state, direct: this.direct, received, raw: body };
  }

  async _isDirect() {
    if (this.direct === null) await this.status();
    return this.direct;
  }

  async received() {
    return (await this.status()).received;
  }

  /** PUT one chunk (idempotent: a repeat of the same bytes answers 200). */
  async putChunk(index, bytes, sha = null) {
    if (await this._isDirect()) return this._putToStore(index, bytes);
    const digest = sha || (await sha256Hex(bytes));
    return this._request("PUT", `${this.url}/chunks/${index}`, {
      body: bytes,
      headers: { "Content-Type": "application/octet-stream", "X-Chunk-Sha256": digest },
    });
  }

  /**
   * Ask the server to assemble and verify the file; resolves with its JSON on 200.
   * `chunks` (the SHA-256 of each chunk, in order) lets it name damaged chunks; `chunkMd5` (the
   * MD5 of each chunk, in order, lowercase hex) lets it check direct chunks against the store's
   * ETags. A 422 (the assembled file does not match `sha256`) is retried like a network error
   * unless `retryMismatch` is false: then it throws, for a caller that can recompute the hash.
   */
  async finalize({ chunkCount, sha256, mime, chunks = null, chunkMd5 = null, retryMismatch = true }) {
    const body = { chunk_count: chunkCount, sha256, mime };
    if (chunks) body.chunks = chunks;
    if (chunkMd5) body.chunk_md5 = chunkMd5;
    return this._request("POST", `${this.url}/finalize`, {
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json" },
      fatal: retryMismatch ? [] : [422],
    });
  }

  /** A presigned PUT for `index`, fetched with the next TARGET_BATCH indexes when needed. */
  async _target(index) {
    const held = this._targets.get(index);
    if (held && held.expiresAt - TARGET_MARGIN_MS > Date.now()) return held;
    const indexes = Array.from({ length: TARGET_BATCH }, (_, i) => index + i).filter((i) => i <= 99999);
    const answer = await this._request("POST", `${this.url}/chunk-targets`, {
      body: JSON.stringify({ indexes }),
      headers: { "Content-Type": "application/json" },
    });
    const expiresAt = Date.now() + answer.expires_in * 1000;
    for (const [key, target] of Object.entries(answer.targets)) {
      this._targets.set(Number(key), { ...target, expiresAt });
    }
    return this._targets.get(index);
  }

  /** PUT the bytes straight to the object store (no cookies: the URL carries the right). */
  async _putToStore(index, bytes) {
    for (let attempt = 1; ; attempt++) {
      const target = await this._target(index);
      let response = null;
      try {
        response = await fetch(target.url, {
          method: target.method,
          body: bytes,
          headers: target.headers,
          credentials: "omit",
          mode: "cors",
          cache: "no-store",
        });
      } catch (networkError) {
        response = null;
      }
      if (response && response.ok) {
        await response.arrayBuffer().catch(() => null); // read to the end: the PUT is complete
        return { index, size: bytes.byteLength, sha256: null, created: true };
      }
      if (response && !STORE_RETRY_STATUSES.has(response.status)) {
        throw new UploadError(`object store answered HTTP ${response.status}`, response.status, {});
      }
      if (response && response.status === 403) this._targets.delete(index); // expired: re-sign
      if (attempt >= this.maxAttempts) {
        throw new UploadError("upload failed after retries", response ? response.status : 0, {});
      }
      await this._backOff(attempt, response ? response.status : 0);
    }
  }

  /** Upload a File/Blob in chunks, skipping those the server already holds, then finalize. */
  async uploadFile(file, mime = null) {
    const count = Math.max(1, Math.ceil(file.size / this.chunkSize));
    const held = await this.received();
    const whole = new Sha256();
    const hashes = [];
    const md5s = [];
    const slice = (index) => file.slice(index * this.chunkSize, (index + 1) * this.chunkSize).arrayBuffer();
    let sent = 0;
    for (let index = 0; index < count; index++) {
      const bytes = await slice(index);
      whole.update(bytes);
      const sha = await sha256Hex(bytes);
      const digest = md5Hex(bytes);
      hashes.push(sha);
      md5s.push(digest);
      const have = held.get(index);
      // a chunk sent straight to the store is listed without a SHA-256: its MD5 (the store's
      // ETag) decides, or only its size when the store gave none; finalize checks it again
      const same = have && (have.sha256
        ? have.sha256 === sha
        : have.md5 ? have.md5 === digest : have.size === bytes.byteLength);
      if (!same) await this.putChunk(index, bytes, sha);
      sent += bytes.byteLength;
      this._progress(sent, file.size);
    }
    const request = {
      chunkCount: count, sha256: whole.hex(), mime: mime || file.type || "", chunks: hashes, chunkMd5: md5s,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.finalize(request);
      } catch (error) {
        const damaged = error instanceof UploadError && error.status === 422 && error.body.damaged;
        if (!damaged || attempt >= 3) throw error;
        for (const index of damaged) await this.putChunk(index, await slice(index), hashes[index]);
      }
    }
  }

  _progress(sentBytes, totalBytes) {
    const fraction = totalBytes ? Math.min(1, sentBytes / totalBytes) : 0;
    this.dispatchEvent(new CustomEvent("progress", { detail: { sentBytes, totalBytes, fraction } }));
  }

  _delay(attempt) {
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(attempt, 16));
    return Math.round(cap / 2 + Math.random() * (cap / 2));
  }

  async _request(method, url, { body = null, headers = {}, fatal = [] } = {}) {
    for (let attempt = 1; ; attempt++) {
      let response = null;
      try {
        response = await fetch(url, {
          method,
          body,
          credentials: "same-origin",
          cache: "no-store",
          redirect: "manual", // an expired login redirects: that must never look like success
          headers: { Accept: "application/json", "X-CSRFToken": this.csrfToken, ...headers },
        });
      } catch (networkError) {
        response = null;
      }
      if (response && response.type === "opaqueredirect") {
        throw new UploadError("not logged in (any more)", 401, {});
      }
      if (response && response.ok) return response.json();
      if (response && (!RETRY_STATUSES.has(response.status) || fatal.includes(response.status))) {
        const data = await response.json().catch(() => ({}));
        throw new UploadError(data.error || `HTTP ${response.status}`, response.status, data);
      }
      if (response && response.status === 422) {
        const data = await response.json().catch(() => ({}));
        if (data.damaged && data.damaged.length) {
          // the server deleted those chunks: the caller must send them again, not repeat this
          throw new UploadError(data.error || "damaged chunks", 422, data);
        }
      }
      if (attempt >= this.maxAttempts) {
        throw new UploadError("upload failed after retries", response ? response.status : 0, {});
      }
      await this._backOff(attempt, response ? response.status : 0);
    }
  }

  async _backOff(attempt, status) {
    const delayMs = this._delay(attempt);
    this.dispatchEvent(new CustomEvent("retry", { detail: { attempt, delayMs, status } }));
    if (typeof navigator !== "undefined" && navigator.onLine === false) {
      this.dispatchEvent(new CustomEvent("offline"));
      await waitForOnline(this.maxDelayMs * 4);
      this.dispatchEvent(new CustomEvent("online"));
      await sleep(Math.random() * this.baseDelayMs);
      return;
    }
    await sleep(delayMs);
  }
}
