// Item bookkeeping the package lacks: time-to-live and a change sequence.
//
// The package keeps each container's items in `Documents` (`_data`: rid →
// wrapper whose read() gives the JSON, `_index`: "pk:/id:id" → rid). We patch
// two of its methods once, at start-up:
//   * `_set` (every create/replace/upsert/patch ends here) stamps the wrapper
//     with a per-container sequence number (the change feed's order and
//     continuation) and the write time in milliseconds (TTL; `_ts` only has
//     seconds, too coarse for a 1 s TTL).
//   * `_item` (every point read/replace/delete/patch and every uniqueness
//     check starts here) hides, and purges, an item whose TTL has run out, so
//     an expired item is a 404 and its id can be created again.
// Queries, read feeds and the change feed list items through liveItems(),
// which skips (and purges) expired ones; a periodic sweep purges the rest.
import { Documents } from "./package.mjs";

const STAMP = Symbol("cosmos-standin stamp"); // { seq, writtenAt } on a wrapper
const LAST_SEQ = Symbol("cosmos-standin last seq"); // per Documents instance

let installed = false;

/** Patches the package's Documents class; safe to call more than once. */
export function installDocumentHooks() {
  if (installed) return;
  installed = true;

  const originalSet = Documents.prototype._set;
  Documents.prototype._set = function setAndStamp(data) {
    const result = originalSet.call(this, data);
    this[LAST_SEQ] = (this[LAST_SEQ] ?? 0) + 1;
    this._data.get(data._rid)[STAMP] = { seq: this[LAST_SEQ], writtenAt: Date.now() };
    return result;
  };

  const originalItem = Documents.prototype._item;
  Documents.prototype._item = function itemUnlessExpired(keyPath, value, partition) {
    const wrapper = originalItem.call(this, keyPath, value, partition);
    if (wrapper.read() && isExpired(this, wrapper, Date.now())) {
      purge(this, wrapper.read());
      return this._newItem();
    }
    return wrapper;
  };
}

/** Highest sequence number handed out in this container so far (0 if none). */
export function lastSequence(documents) {
  return documents[LAST_SEQ] ?? 0;
}

/** Persistence: re-inserts an item with the stamp it had (see persistence.mjs). */
export function restoreItem(documents, data, seq, writtenAt) {
  documents._set(data);
  documents._data.get(data._rid)[STAMP] = { seq, writtenAt };
}

/** Persistence: the position to continue numbering changes from. */
export function setLastSequence(documents, seq) {
  documents[LAST_SEQ] = seq;
}

/**
 * The container's items that have not expired, as { data, seq, writtenAt },
 * in write order. Expired items met on the way are purged.
 */
export function liveItems(documents) {
  const now = Date.now();
  const live = [];
  for (const wrapper of [...documents._data.values()]) {
    const data = wrapper.read();
    if (!data) continue;
    if (isExpired(documents, wrapper, now)) {
      purge(documents, data);
      continue;
    }
    const stamp = wrapper[STAMP] ?? { seq: 0, writtenAt: data._ts * 1000 };
    live.push({ data, seq: stamp.seq, writtenAt: stamp.writtenAt });
  }
  return live.sort((a, b) => a.seq - b.seq);
}

/** Purges expired items in every container of the account. */
export function sweepExpired(account) {
  for (const database of account.databases._data.values()) {
    for (const collection of database.collections._data.values()) {
      if (collection.documents) liveItems(collection.documents);
    }
  }
}

/**
 * Cosmos TTL rules: the container's `defaultTtl` switches TTL on (absent or
 * null: off, and item `ttl` fields are ignored; -1: on, items live forever
 * unless they carry a `ttl`; n > 0: items live n seconds unless they carry a
 * `ttl`). An item's own `ttl` of -1 means never. Age counts from the last write.
 */
function isExpired(documents, wrapper, now) {
  const container = documents._parent.read();
  const defaultTtl = container ? container.defaultTtl : undefined;
  if (typeof defaultTtl !== "number") return false;
  const data = wrapper.read();
  const ttl = typeof data.ttl === "number" ? data.ttl : defaultTtl;
  if (ttl <= 0) return false;
  const writtenAt = wrapper[STAMP] ? wrapper[STAMP].writtenAt : data._ts * 1000;
  return now >= writtenAt + ttl * 1000;
}

/** Removes an item the way Items.delete does, without going through _item. */
function purge(documents, data) {
  for (const keyPath of documents._uniqueKeyPaths) {
    const value = keyPath
      .slice(1)
      .split("/")
      .reduce((node, key) => (node == null ? undefined : node[key]), data);
    const key = documents._getId(keyPath, value, documents._getPartition(data));
    if (documents._index.get(key) === data._rid) documents._index.delete(key);
  }
  documents._data.delete(data._rid);
}
