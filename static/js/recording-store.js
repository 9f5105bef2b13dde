/**
 * RecordingStore: every recorded chunk is written to IndexedDB before it is uploaded, so a
 * network drop, a reload or a browser crash cannot lose it.
 *
 *   const store = await RecordingStore.open();
 *   await store.putTake({ takeId, owner, uploadUrl, mime, stopped: false, finalized: false });
 *   await store.putChunk({ takeId, index, bytes, sha256, md5, sent: false });  // hex digests
 *   await store.markSent(takeId, index);
 *   const pending = await store.pendingTakes(owner);   // takes not yet finalized
 *   await store.deleteTake(takeId);                    // after finalize answered 200
 *
 * Stores: "takes" (key takeId) and "chunks" (key [takeId, index]); chunk bytes are kept as
 * ArrayBuffers (Safari has been unreliable with Blobs in IndexedDB).
 */

const DB_NAME = "ksf-recorder";
const DB_VERSION = 1;

function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
  });
}

function chunkRange(takeId) {
  return IDBKeyRange.bound([takeId, 0], [takeId, Infinity]);
}

export class RecordingStore {
  constructor(db) {
    this.db = db;
  }

  static async open(name = DB_NAME) {
    if (!("indexedDB" in window)) throw new Error("IndexedDB is not available");
    const request = indexedDB.open(name, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains("takes")) db.createObjectStore("takes", { keyPath: "takeId" });
      if (!db.objectStoreNames.contains("chunks")) {
        db.createObjectStore("chunks", { keyPath: ["takeId", "index"] });
      }
    };
    return new RecordingStore(await promisify(request));
  }

  async putTake(take) {
    const tx = this.db.transaction("takes", "readwrite");
    tx.objectStore("takes").put({ createdAt: Date.now(), ...take });
    await done(tx);
  }

  async getTake(takeId) {
    const tx = this.db.transaction("takes", "readonly");
    return promisify(tx.objectStore("takes").get(takeId));
  }

  async updateTake(takeId, patch) {
    const tx = this.db.transaction("takes", "readwrite");
    const store = tx.objectStore("takes");
    const take = await promisify(store.get(takeId));
    if (take) store.put({ ...take, ...patch });
    await done(tx);
  }

  /** Return the takes of `owner` that were not finalized yet, oldest first. */
  async pendingTakes(owner) {
    const tx = this.db.transaction("takes", "readonly");
    const all = await promisify(tx.objectStore("takes").getAll());
    return all
      .filter((t) => !t.finalized && (owner === undefined || t.owner === owner))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async putChunk(chunk) {
    const tx = this.db.transaction("chunks", "readwrite");
    tx.objectStore("chunks").put({ sent: false, ...chunk, size: chunk.bytes.byteLength });
    await done(tx);
  }

  /** Return the take's chunks in index order. */
  async chunks(takeId) {
    const tx = this.db.transaction("chunks", "readonly");
    return promisify(tx.objectStore("chunks").getAll(chunkRange(takeId)));
  }

  async unsentChunks(takeId) {
    return (await this.chunks(takeId)).filter((c) => !c.sent);
  }

  async markSent(takeId, index) {
    const tx = this.db.transaction("chunks", "readwrite");
    const store = tx.objectStore("chunks");
    const chunk = await promisify(store.get([takeId, index]));
    if (chunk) store.put({ ...chunk, sent: true });
    await done(tx);
  }

  async deleteTake(takeId) {
    const tx = this.db.transaction(["takes", "chunks"], "readwrite");
    tx.objectStore("chunks").delete(chunkRange(takeId));
    tx.objectStore("takes").delete(takeId);
    await done(tx);
  }
}
