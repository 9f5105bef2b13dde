/**
 * Recording that never loses a take: MediaRecorder chunks go to IndexedDB first, then to the
 * server while recording (docs/upload-protocol.md); a take is "saved" only after finalize
 * answered 200.
 *
 *   import { TakeRecorder, TakeSync, recoverPendingTakes, pickMimeType } from "/static/js/recorder.js";
 *
 *   const rec = new TakeRecorder({ stream, store, takeId, owner, uploadUrl, maxSeconds });
 *   // options: context (kept with the take in IndexedDB), mimeTypes (audio only: audio types)
 *   rec.addEventListener("tick", (e) => e.detail.elapsed / e.detail.remaining);  // seconds
 *   rec.addEventListener("progress", (e) => e.detail.fraction);  // sent / recorded bytes
 *   rec.addEventListener("saved", (e) => e.detail.result);       // finalize's JSON
 *   await rec.start();                 // from a click/tap (iOS wants a user gesture)
 *   const blob = await rec.stop();     // also called automatically at maxSeconds
 *   await rec.saved;                   // resolves after finalize answered 200
 *
 *   // on page load: send whatever a reload or crash left behind, then finalize it
 *   await recoverPendingTakes({ store, owner, onEvent });
 *
 * After a reload in the middle of a recording the take holds everything MediaRecorder had
 * handed over before the page went away: all chunks written to IndexedDB, i.e. up to the last
 * completed timeslice (about `timesliceMs`, 2 s, may be lost; Chromium's MP4 lags one more
 * fragment). `pagehide` asks for the pending data but a browser need not deliver it in time.
 */

import { ChunkUploader, md5Hex, Sha256, sha256Hex, UploadError } from "./chunk-upload.js";

// H.264 with AAC first: Chrome and Edge from version 123 on Windows and macOS record it (as
// Safari does by default), and the server then copies both streams instead of encoding the
// audio again (docs/performance.md). Where AAC is not offered (Chromium on Linux, Firefox)
// MP4 with the browser's default audio (Opus), then WebM.
export const MIME_CANDIDATES = [
  "video/mp4;codecs=avc1,mp4a.40.2",
  "video/mp4;codecs=avc1",
  "video/webm;codecs=h264",
  "video/webm;codecs=vp9",
  "video/webm;codecs=vp8",
];
export const TIMESLICE_MS = 2000;
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;

/** Return the first of `candidates` this browser can record, or "" for the browser's default. */
export function pickMimeType(candidates = MIME_CANDIDATES) {
  if (typeof MediaRecorder === "undefined" || !MediaRecorder.isTypeSupported) return "";
  return candidates.find((type) => MediaRecorder.isTypeSupported(type)) || "";
}

/** Tell whether this browser can record at all (getUserMedia and MediaRecorder exist). */
export function canRecord() {
  return Boolean(
    navigator.mediaDevices && navigator.mediaDevices.getUserMedia && typeof MediaRecorder !== "undefined"
  );
}

function emit(target, type, detail = {}) {
  target.dispatchEvent(new CustomEvent(type, { detail }));
}

/**
 * What finalize did, for tests and for the curious (`window.ksfRecorderStats`): how many
 * finalize requests used the recorder's running hash, and how many hashed the take read back
 * from IndexedDB (after a reload or crash, or once after the server refused a running hash).
 */
export const finalizeStats = { runningHash: 0, storeHash: 0, runningRefused: 0 };
if (typeof window !== "undefined") window.ksfRecorderStats = finalizeStats;

/** The whole-take SHA-256 (and each chunk's SHA-256 and MD5) kept while recording: chunks
 *  are added in index order. */
export class RunningHash {
  constructor() {
    this.hash = new Sha256();
    this.count = 0;
    this.chunkHashes = []; // each chunk's SHA-256: the server names damaged ones by them
    this.chunkMd5 = []; // each chunk's MD5: the server compares them with the store's ETags
  }

  add(index, bytes, sha256 = null, md5 = null) {
    if (index !== this.count) throw new Error(`chunk ${index} out of order (expected ${this.count})`);
    this.hash.update(bytes);
    this.chunkHashes.push(sha256);
    this.chunkMd5.push(md5 || md5Hex(bytes));
    this.count++;
  }

  /** The per-chunk hashes when every chunk has one, else null (finalize then goes without). */
  listed() {
    return this.chunkHashes.every((h) => typeof h === "string" && h.length === 64) ? this.chunkHashes.slice() : null;
  }
}

/**
 * The upload side of one take: send unsent chunks, then finalize.
 *
 * Live (driven by a TakeRecorder): the recorder hands each chunk over once it is in IndexedDB
 * (`add`), the unsent ones wait in memory and finalize uses the recorder's RunningHash, so
 * stopping reads nothing back from IndexedDB. Otherwise (recovering after a reload or crash)
 * the unsent chunks and the hash come from IndexedDB.
 */
export class TakeSync extends EventTarget {
  constructor({ store, takeId, uploadUrl, mime, live = false }) {
    super();
    this.store = store;
    this.takeId = takeId;
    this.mime = mime;
    this.uploader = new ChunkUploader(uploadUrl);
    this.sentBytes = 0;
    this.recordedBytes = 0;
    this.live = live;
    this._unsent = []; // live: chunks in IndexedDB not sent yet, in index order
    this._dirty = false;
    this._pumping = null;
    for (const type of ["offline", "online", "retry"]) {
      this.uploader.addEventListener(type, (e) => emit(this, type, e.detail));
    }
  }

  /** (live) A chunk now held in IndexedDB, to be sent. */
  add(chunk) {
    this._unsent.push(chunk);
  }

  /** Start (or continue) sending what is not sent yet; resolves when nothing is left. */
  kick() {
    this._dirty = true;
    if (!this._pumping) {
      this._pumping = this._run().finally(() => {
        this._pumping = null;
        if (this._dirty) this.kick();
      });
    }
    return this._pumping;
  }

  async _pending() {
    return this.live ? this._unsent.splice(0) : this.store.unsentChunks(this.takeId);
  }

  async _run() {
    while (this._dirty) {
      this._dirty = false;
      const pending = await this._pending();
      try {
        while (pending.length) {
          const chunk = pending[0];
          await this.uploader.putChunk(chunk.index, chunk.bytes, chunk.sha256);
          await this.store.markSent(this.takeId, chunk.index);
          pending.shift();
          this.sentBytes += chunk.size ?? chunk.bytes.byteLength;
          this._progress();
        }
      } finally {
        if (this.live && pending.length) this._unsent.unshift(...pending); // sent next time
      }
    }
  }

  _progress() {
    const fraction = this.recordedBytes ? Math.min(1, this.sentBytes / this.recordedBytes) : 0;
    emit(this, "progress", { sentBytes: this.sentBytes, recordedBytes: this.recordedBytes, fraction });
  }

  async _anyUnsent() {
    return this.live ? this._unsent.length > 0 : (await this.store.unsentChunks(this.takeId)).length > 0;
  }

  async drain() {
    while (this._pumping || (await this._anyUnsent())) await this.kick();
  }

  /**
   * Send the rest, then finalize. With `running` (the recorder's RunningHash over chunks
   * 0..count-1) nothing is read back; otherwise, and once if the server refuses the running
   * hash (422) or misses chunks (409), the count and SHA-256 of the chunks held in IndexedDB.
   */
  async finalize(running = null) {
    for (let attempt = 0; ; attempt++) {
      await this.drain();
      if (running && running.count > 0) {
        try {
          const result = await this.uploader.finalize({
            chunkCount: running.count, sha256: running.hash.hex(), mime: this.mime,
            chunks: running.listed(), chunkMd5: running.chunkMd5.slice(), retryMismatch: false,
          });
          finalizeStats.runningHash++;
          return await this._saved(result);
        } catch (error) {
          if (!(error instanceof UploadError) || ![409, 422].includes(error.status)) throw error;
          finalizeStats.runningRefused++;
          running = null; // from here on: what IndexedDB holds, as after a reload
          this._leaveLive();
          continue;
        }
      }
      const chunks = await this.store.chunks(this.takeId);
      const whole = new Sha256();
      let count = 0;
      for (const chunk of chunks) {
        if (chunk.index !== count) break; // only a gap-free prefix can be assembled
        whole.update(chunk.bytes);
        count++;
      }
      if (count === 0) throw new UploadError("nothing was recorded", 0, {});
      // each chunk's SHA-256: the server names the chunks that reached storage damaged
      const hashes = chunks.slice(0, count).map((chunk) => chunk.sha256);
      const listed = hashes.every((h) => typeof h === "string" && h.length === 64) ? hashes : null;
      // each chunk's MD5 (a chunk stored before MD5s were kept gets one from its bytes)
      const md5s = chunks.slice(0, count).map((chunk) => chunk.md5 || md5Hex(chunk.bytes));
      try {
        finalizeStats.storeHash++;
        const result = await this.uploader.finalize({
          chunkCount: count, sha256: whole.hex(), mime: this.mime, chunks: listed, chunkMd5: md5s,
        });
        return await this._saved(result);
      } catch (error) {
        const again = error instanceof UploadError
          && ((error.status === 409 && error.body.missing) || (error.status === 422 && error.body.damaged));
        if (!again || attempt >= 3) throw error;
        for (const index of error.body.missing || error.body.damaged) await this._markUnsent(chunks, index);
      }
    }
  }

  async _saved(result) {
    await this.store.deleteTake(this.takeId);
    emit(this, "saved", { result, takeId: this.takeId });
    return result;
  }

  _leaveLive() {
    this.live = false;
    this._unsent = [];
  }

  async _markUnsent(chunks, index) {
    const chunk = chunks.find((c) => c.index === index);
    if (chunk) await this.store.putChunk({ ...chunk, sent: false });
  }
}

export class TakeRecorder extends EventTarget {
  constructor({ stream, store, takeId, owner, uploadUrl, maxSeconds, timesliceMs = TIMESLICE_MS,
    maxChunkBytes = MAX_CHUNK_BYTES, context = {}, mimeTypes = MIME_CANDIDATES }) {
    super();
    Object.assign(this, {
      stream, store, takeId, owner, uploadUrl, maxSeconds, timesliceMs, maxChunkBytes, context, mimeTypes,
    });
    this.nextIndex = 0;
    this.parts = [];
    this.mime = "";
    this.state = "idle";
    this._chain = Promise.resolve();
    this.saved = new Promise((resolve, reject) => {
      this._resolveSaved = resolve;
      this._rejectSaved = reject;
    });
    this.saved.catch(() => {});
  }

  async start() {
    const mimeType = pickMimeType(this.mimeTypes);
    // Chromium's MP4 muxer only hands out data at keyframes (every ~5 s by default), whatever
    // the timeslice: a keyframe every second keeps chunks flowing every ~2 s. Others ignore it.
    const options = { videoBitsPerSecond: 1_200_000, audioBitsPerSecond: 96_000, videoKeyFrameIntervalDuration: 1000 };
    if (mimeType) options.mimeType = mimeType;
    this.recorder = new MediaRecorder(this.stream, options);
    this.recorder.ondataavailable = (event) => this._onData(event.data);
    this.recorder.onerror = (event) => emit(this, "error", { error: event.error || event });
    this._stopped = new Promise((resolve) => { this.recorder.onstop = resolve; });
    this.recorder.start(this.timesliceMs);
    this.mime = this.recorder.mimeType || mimeType || "";
    this.sync = new TakeSync({
      store: this.store, takeId: this.takeId, uploadUrl: this.uploadUrl, mime: this.mime, live: true,
    });
    this.running = new RunningHash(); // chunks are persisted one after the other, in order
    for (const type of ["progress", "offline", "online", "retry"]) {
      this.sync.addEventListener(type, (e) => emit(this, type, e.detail));
    }
    this._chain = this.store.putTake({
      takeId: this.takeId, owner: this.owner, uploadUrl: this.uploadUrl, mime: this.mime,
      stopped: false, finalized: false, context: this.context,
    });
    this.state = "recording";
    this.startedAt = performance.now();
    this._timer = setInterval(() => this._tick(), 250);
    this._onPageHide = () => { if (this.recorder.state === "recording") this.recorder.requestData(); };
    window.addEventListener("pagehide", this._onPageHide);
    emit(this, "state", { state: this.state, mime: this.mime });
  }

  elapsedSeconds() {
    return this.startedAt ? (performance.now() - this.startedAt) / 1000 : 0;
  }

  _tick() {
    const elapsed = this.elapsedSeconds();
    const remaining = Math.max(0, this.maxSeconds - elapsed);
    emit(this, "tick", { elapsed, remaining });
    if (remaining <= 0 && this.state === "recording") this.stop();
  }

  _onData(blob) {
    if (!blob || blob.size === 0) return; // Chrome emits empty blobs now and then
    this.parts.push(blob);
    for (let offset = 0; offset < blob.size; offset += this.maxChunkBytes) {
      const piece = blob.slice(offset, offset + this.maxChunkBytes); // Safari: huge chunks after sleep
      const index = this.nextIndex++;
      this._chain = this._chain.then(() => this._persist(index, piece));
    }
  }

  async _persist(index, piece) {
    const bytes = await piece.arrayBuffer();
    const sha256 = await sha256Hex(bytes);
    const md5 = md5Hex(bytes);
    const chunk = { takeId: this.takeId, index, bytes, sha256, md5, sent: false };
    await this.store.putChunk(chunk);
    this.running.add(index, bytes, sha256, md5);
    this.sync.add({ ...chunk, size: bytes.byteLength });
    this.sync.recordedBytes += bytes.byteLength;
    this.sync._progress(); // the bar falls behind while chunks cannot be sent (offline)
    this.sync.kick().catch((error) => emit(this, "error", { error }));
  }

  /** Stop recording (the final chunk is included); resolves with the local Blob for review. */
  async stop() {
    if (this.state !== "recording") return this._stopPromise;
    this.state = "stopping";
    this.recordedSeconds = this.elapsedSeconds();
    clearInterval(this._timer);
    window.removeEventListener("pagehide", this._onPageHide);
    this._stopPromise = (async () => {
      this.recorder.stop(); // fires a last dataavailable, then stop
      await this._stopped;
      await this._chain;
      await this.store.updateTake(this.takeId, { stopped: true, chunkCount: this.nextIndex });
      this.state = "stopped";
      emit(this, "state", { state: this.state, seconds: this.recordedSeconds });
      this.sync.finalize(this.running).then(
        (result) => { this._resolveSaved(result); emit(this, "saved", { result }); },
        (error) => { this._rejectSaved(error); emit(this, "error", { error }); },
      );
      return new Blob(this.parts, { type: this.mime.split(";")[0] || "video/webm" });
    })();
    return this._stopPromise;
  }
}

/** Send and finalize every take of `owner` left in IndexedDB by a reload or a crash.
 *  `skip(take)` (optional, may be async) passes over a take, e.g. one another tab still records. */
export async function recoverPendingTakes({ store, owner, onEvent = () => {}, skip = () => false }) {
  const recovered = [];
  for (const take of await store.pendingTakes(owner)) {
    if (await skip(take)) continue;
    const sync = new TakeSync({ store, takeId: take.takeId, uploadUrl: take.uploadUrl, mime: take.mime });
    const chunks = await store.chunks(take.takeId);
    sync.recordedBytes = chunks.reduce((sum, c) => sum + c.size, 0);
    sync.sentBytes = chunks.filter((c) => c.sent).reduce((sum, c) => sum + c.size, 0);
    for (const type of ["progress", "offline", "online", "retry"]) {
      sync.addEventListener(type, (e) => onEvent(type, e.detail, take));
    }
    onEvent("recovering", { chunks: chunks.length }, take);
    try {
      const result = await sync.finalize();
      recovered.push({ take, result });
      onEvent("saved", { result }, take);
    } catch (error) {
      if (error instanceof UploadError && [403, 404, 410].includes(error.status)) {
        await store.deleteTake(take.takeId); // not ours (any more): the server will never take it
      } else if (error instanceof UploadError && error.status === 0 && chunks.length === 0) {
        await store.deleteTake(take.takeId); // a take that never got a single chunk
      } else {
        onEvent("error", { error }, take);
      }
    }
  }
  return recovered;
}
