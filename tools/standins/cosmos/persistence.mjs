// Optional persistence (`--data FILE`): the package keeps everything in memory,
// but the local runner restarts the stand-in and expects its data back.
//
// The whole account (databases, containers, items with their system fields,
// plus the change-feed positions and write times of documents.mjs) is written
// as one JSON snapshot shortly after each change, atomically (temp file +
// rename), and once more when the process stops. Loading re-inserts the raw
// JSON through the package's `_set`, so ids, `_rid`s, `_etag`s and `_ts` stay
// what they were, and restores the rid counters so new rids do not collide.
// User-defined functions are not persisted.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import { lastSequence, liveItems, restoreItem, setLastSequence } from "./documents.mjs";

const VERSION = 1;

export function loadSnapshot(account, file) {
  if (!existsSync(file)) return;
  const snapshot = JSON.parse(readFileSync(file, "utf8"));
  if (snapshot.version !== VERSION) throw new Error(`${file}: unknown snapshot version ${snapshot.version}`);
  const databases = account.databases;
  for (const db of snapshot.databases) {
    databases._set(db.data);
    const database = account.database(db.data.id);
    for (const coll of db.collections) {
      database.collections._set(coll.data);
      const documents = database.collection(coll.data.id).documents;
      for (const item of coll.items) restoreItem(documents, item.data, item.seq, item.writtenAt);
      documents._ridCount = coll.ridCount;
      setLastSequence(documents, coll.lastSeq);
    }
    database.collections._ridCount = db.ridCount;
  }
  databases._ridCount = snapshot.ridCount;
}

/**
 * Returns { changed(), flush() }: changed() schedules a save, flush() saves now if needed. A save takes time in
 * proportion to the data (tens of milliseconds per 10,000 documents), so under a stream of writes saves are spaced
 * at least four times their own duration apart: snapshots then use at most a fifth of the process instead of
 * starving the requests that cause them.
 */
export function snapshotWriter(account, file, delayMs = 100) {
  mkdirSync(dirname(file), { recursive: true });
  let timer = null;
  let lastSaveMs = 0;
  const flush = () => {
    if (!timer) return;
    clearTimeout(timer);
    timer = null;
    const started = performance.now();
    const temp = `${file}.tmp`;
    writeFileSync(temp, JSON.stringify(snapshot(account)));
    renameSync(temp, file);
    lastSaveMs = performance.now() - started;
  };
  return {
    changed() {
      if (!timer) timer = setTimeout(flush, Math.max(delayMs, 4 * lastSaveMs));
    },
    flush,
  };
}

function snapshot(account) {
  const databases = account.databases;
  return {
    version: VERSION,
    ridCount: databases._ridCount,
    databases: [...databases._data.values()].map((database) => ({
      data: database.read(),
      ridCount: database.collections._ridCount,
      collections: [...database.collections._data.values()].map((collection) => ({
        data: collection.read(),
        ridCount: collection.documents._ridCount,
        lastSeq: lastSequence(collection.documents),
        items: liveItems(collection.documents).map(({ data, seq, writtenAt }) => ({ data, seq, writtenAt })),
      })),
    })),
  };
}
