// The change feed: `GET …/docs` with `A-IM: Incremental feed`.
//
// The package answers every such request with 304 once a continuation is sent,
// so a feed never moves past its first page. Protocol implemented here (the
// "latest version" mode the SDK uses):
//  * the continuation is the `etag` response header of the previous page, sent
//    back as `If-None-Match`; no header = from the beginning, `*` = from now;
//    `If-Modified-Since` (ChangeFeedStartFrom.Time) = items written since then;
//  * each page lists the latest version of every item changed after the
//    continuation, in modification order, at most `x-ms-max-item-count`;
//  * nothing new → 304, with the latest position as etag;
//  * `x-ms-documentdb-partitionkey`, when present, limits the feed to one
//    partition. Deletes and expiries do not appear (as in Cosmos' latest-version mode).
// Positions are the per-container sequence numbers from documents.mjs; items
// carry theirs as `_lsn`, as Cosmos' change feed items do.
import { lastSequence, liveItems } from "./documents.mjs";
import { partitionFilter } from "./partition-key.mjs";

export function isChangeFeedRequest(req) {
  return /incremental feed/i.test(String(req.headers["a-im"] ?? ""));
}

export function changeFeedPage(req, res, collection) {
  const documents = collection.documents;
  const ifNoneMatch = String(req.headers["if-none-match"] ?? "").replace(/"/g, "").trim();
  let after = 0;
  if (ifNoneMatch === "*") after = lastSequence(documents);
  else if (/^\d+$/.test(ifNoneMatch)) after = parseInt(ifNoneMatch, 10);
  const since = !ifNoneMatch && req.headers["if-modified-since"]
    ? Date.parse(req.headers["if-modified-since"])
    : NaN;

  const inPartition = partitionFilter(req, documents);
  let changes = liveItems(documents).filter(
    (item) =>
      item.seq > after &&
      (Number.isNaN(since) || item.writtenAt >= since) &&
      (!inPartition || inPartition(item.data)),
  );
  const max = parseInt(req.headers["x-ms-max-item-count"], 10);
  if (max > 0) changes = changes.slice(0, max);

  if (changes.length === 0) {
    // Everything written so far has been considered: resume after all of it.
    res.statusCode = 304;
    res.setHeader("x-ms-item-count", "0"); // the SDK parses it on 304 too
    res.setHeader("etag", `"${Math.max(after, lastSequence(documents))}"`);
    return undefined;
  }
  res.statusCode = 200;
  res.setHeader("etag", `"${changes[changes.length - 1].seq}"`);
  res.setHeader("x-ms-item-count", String(changes.length));
  return {
    _rid: collection.read()._rid,
    Documents: changes.map((item) => ({ ...item.data, _lsn: item.seq })),
    _count: changes.length,
  };
}
