// Partition-key filtering for queries, read feeds and the change feed.
//
// The package ignores the `x-ms-documentdb-partitionkey` header on queries and
// feeds, so a query the SDK scopes to one partition (QueryRequestOptions.
// PartitionKey) would see every partition's items. The header is a JSON array
// with one value per partition-key path, e.g. `["owner-1"]`; `[{}]` stands for
// PartitionKey.None (the item has no value at that path).

/** The request's partition-key values (one per path), or null when absent or malformed. */
export function partitionKeyValues(req) {
  const header = req.headers["x-ms-documentdb-partitionkey"];
  if (!header) return null;
  try {
    const values = JSON.parse(header);
    return Array.isArray(values) ? values : [values];
  } catch {
    return null;
  }
}

/** Returns a predicate over item JSON, or null when the request is not scoped. */
export function partitionFilter(req, documents) {
  const wanted = partitionKeyValues(req);
  if (!wanted) return null;
  const paths = documents._partitionKeyPath.length ? documents._partitionKeyPath : ["/id"];
  return (data) =>
    paths.every((path, i) => sameKey(valueAt(data, path), wanted[i]));
}

function valueAt(data, path) {
  return path
    .slice(1)
    .split("/")
    .reduce((node, key) => (node == null ? undefined : node[key]), data);
}

function sameKey(actual, wanted) {
  const isNone = wanted !== null && typeof wanted === "object" && Object.keys(wanted).length === 0;
  if (isNone) return actual === undefined;
  return JSON.stringify(actual) === JSON.stringify(wanted);
}
