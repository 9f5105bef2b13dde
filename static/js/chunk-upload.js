/**
 * ChunkUploader: the browser side of docs/upload-protocol.md (numbered, checksummed, idempotent
 * chunk PUTs, a status GET to resume, a finalize call with the whole-file SHA-256).
 *
 * Used by the recorder (static/js/recorder.js) for takes and by admin pages for scenario videos.
 *
 *   import { ChunkUploader, Sha256, sha256Hex } from "/static/js/chunk-upload.js";
 *
 *   const up = new ChunkUploader("/media/uploads/<id>", { csrfToken });
 *   up.addEventListener("progress", (e) => bar.value = e.detail.fraction);
 *   up.addEventListener("retry", (e) => console.log(e.detail.attempt, e.detail.delayMs));
 *   const result = await up.uploadFile(file);          // slices into 8 MB chunks, resumes, finalizes
 *
 *   // piecewise (the recorder): PUT chunks as they come, then finalize
 *   const held = await up.received();                  // Map index -> {size, sha256}
 *   await up.putChunk(0, arrayBuffer, shaHex);         // shaHex optional (computed if missing)
 *   await up.finalize({ chunkCount, sha256, mime });   // resolves with the server's JSON (200)
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
 * the SHA-256 of every chunk; a 422 naming `damaged` chunks throws, so the caller sends those
 * again and finalizes once more.
 */

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

/** Return the SHA-256 of `data` (ArrayBuffer or view) as lowercase hex, via crypto.subtle. */
export async function sha256Hex(data) {
  return toHex(await crypto.subtle.digest("SHA-256", data));
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * Incremental SHA-256 (crypto.subtle has no streaming digest), so a whole file of any size can
 * be hashed chunk by chunk without holding it in memory.
 */
export class Sha256 {
  constructor() {
    this.h = new Uint32Array([
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]);
    this.block = new Uint8Array(64);
    this.blockLength = 0;
    this.bytes = 0;
    this.w = new Uint32Array(64);
  }

  update(data) {
    const input = data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    let offset = 0;
    this.bytes += input.length;
    if (this.blockLength > 0) {
      const take = Math.min(64 - this.blockLength, input.length);
      this.block.set(input.subarray(0, take), this.blockLength);
      this.blockLength += take;
      offset = take;
      if (this.blockLength === 64) {
        this._compress(this.block, 0);
        this.blockLength = 0;
      }
    }
    while (offset + 64 <= input.length) {
      this._compress(input, offset);
      offset += 64;
    }
    if (offset < input.length) {
      this.block.set(input.subarray(offset), 0);
      this.blockLength = input.length - offset;
    }
    return this;
  }

  hex() {
    const bitLength = this.bytes * 8;
    const padLength = this.blockLength < 56 ? 56 - this.blockLength : 120 - this.blockLength;
    const pad = new Uint8Array(padLength + 8);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(padLength, Math.floor(bitLength / 0x100000000));
    view.setUint32(padLength + 4, bitLength >>> 0);
    const bytes = this.bytes;
    this.update(pad);
    this.bytes = bytes;
    return Array.from(this.h, (x) => x.toString(16).padStart(8, "0")).join("");
  }

  _compress(bytes, offset) {
    const w = this.w;
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15];
      const b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, h] = this.h;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    const s = this.h;
    s[0] += a; s[1] += b; s[2] += c; s[3] += d; s[4] += e; s[5] += f; s[6] += g; s[7] += h;
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

  /** Ask the server what it holds: {state, direct, received: Map(index -> {size, sha256}), raw}.
   * In direct mode `sha256` may be null (the store's listing has no SHA-256). */
  async status() {
    const body = await this._request("GET", this.url);
    const received = new Map();
    for (const item of body.received || []) received.set(item.index, item);
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

  /** Ask the server to assemble and verify the file; resolves with its JSON on 200.
   * `chunks` (the SHA-256 of each chunk, in order) lets it name damaged chunks. */
  async finalize({ chunkCount, sha256, mime, chunks = null }) {
    const body = { chunk_count: chunkCount, sha256, mime };
    if (chunks) body.chunks = chunks;
    return this._request("POST", `${this.url}/finalize`, {
      body: JSON.stringify(body),
      headers: { "Content-Type": "application/json" },
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
    const slice = (index) => file.slice(index * this.chunkSize, (index + 1) * this.chunkSize).arrayBuffer();
    let sent = 0;
    for (let index = 0; index < count; index++) {
      const bytes = await slice(index);
      whole.update(bytes);
      const sha = await sha256Hex(bytes);
      hashes.push(sha);
      const have = held.get(index);
      // a chunk sent straight to the store is listed without a hash: its size must do here,
      // finalize checks its bytes against `hashes`
      const same = have && (have.sha256 === sha || (have.sha256 === null && have.size === bytes.byteLength));
      if (!same) await this.putChunk(index, bytes, sha);
      sent += bytes.byteLength;
      this._progress(sent, file.size);
    }
    const request = { chunkCount: count, sha256: whole.hex(), mime: mime || file.type || "", chunks: hashes };
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

  async _request(method, url, { body = null, headers = {} } = {}) {
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
      if (response && !RETRY_STATUSES.has(response.status)) {
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
