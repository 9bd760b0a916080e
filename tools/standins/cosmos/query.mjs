// Queries and read feeds over a container's items.
//
// Replaces the package's query handler because:
//  * the .NET SDK (on Linux, where its native query-plan interop is missing)
//    first POSTs a *query-plan* request to the same path; the package would
//    run it as the query. We answer with a pass-through plan: no rewrite, one
//    range "" to "FF". That is correct because this server has exactly one
//    partition-key range, so the SDK can stream our pages as they are.
//  * the package ignores the partition-key header (see partition-key.mjs) and
//    TTL (see documents.mjs);
//  * its SQL parser rejects `OFFSET n LIMIT m` and `SELECT DISTINCT`. Both are
//    peeled off the SQL text here, the rest runs in the package's engine, and
//    they are applied to the full result. Subqueries containing them are still
//    rejected.
// Paging: the whole result is computed per request and sliced by
// `x-ms-max-item-count`; the continuation (`x-ms-continuation`) is simply the
// number of rows already returned, "skip:N". Stable as long as the data does
// not change between pages, which is all a stand-in needs.
import { parseQuery, QuerySyntaxError } from "./package.mjs";
import { liveItems } from "./documents.mjs";
import { partitionFilter } from "./partition-key.mjs";

/** The plan the SDK accepts for "run it as written on the single range". */
export const PASS_THROUGH_QUERY_PLAN = Object.freeze({
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: "None",
    top: null,
    offset: null,
    limit: null,
    orderBy: [],
    orderByExpressions: [],
    groupByExpressions: [],
    groupByAliases: [],
    aggregates: [],
    groupByAliasToAggregateType: {},
    rewrittenQuery: "",
    hasSelectValue: false,
    dCountInfo: null,
    hasNonStreamingOrderBy: false,
  },
  queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
});

export function isQueryPlanRequest(req) {
  return String(req.headers["x-ms-cosmos-is-query-plan-request"] ?? "").toLowerCase() === "true";
}

/** Runs `body` ({ query, parameters }) and writes one page. Returns the response body. */
export function queryPage(req, res, collection, body) {
  let rows;
  try {
    rows = runQuery(collection, body, visibleItems(req, collection));
  } catch (err) {
    res.statusCode = 400;
    const syntax = err instanceof QuerySyntaxError ? "Syntax error: " : "";
    return { code: "BadRequest", message: `${syntax}${err.message}` };
  }
  return page(req, res, collection, rows);
}

/** A read feed (GET …/docs without A-IM) is `SELECT * FROM c`, paged the same way. */
export function readFeedPage(req, res, collection) {
  return page(req, res, collection, visibleItems(req, collection));
}

function visibleItems(req, collection) {
  const inPartition = partitionFilter(req, collection.documents);
  const items = liveItems(collection.documents).map((item) => item.data);
  return inPartition ? items.filter(inPartition) : items;
}

function page(req, res, collection, rows) {
  const skip = parseSkip(req.headers["x-ms-continuation"]);
  const max = parseInt(req.headers["x-ms-max-item-count"], 10);
  const end = max > 0 ? skip + max : rows.length;
  const pageRows = rows.slice(skip, end);
  if (end < rows.length) res.setHeader("x-ms-continuation", `skip:${end}`);
  res.setHeader("x-ms-item-count", String(pageRows.length));
  return { _rid: collection.read()._rid, Documents: pageRows, _count: pageRows.length };
}

function parseSkip(continuation) {
  const match = /^skip:(\d+)$/.exec(String(continuation ?? ""));
  return match ? parseInt(match[1], 10) : 0;
}

const OFFSET_LIMIT = /\s+OFFSET\s+(\d+|@\w+)\s+LIMIT\s+(\d+|@\w+)\s*$/i;
const SELECT_DISTINCT = /^(\s*SELECT\s+)DISTINCT\s+(?:TOP\s+(\d+|@\w+)\s+)?/i;

function runQuery(collection, { query, parameters = [] }, items) {
  if (typeof query !== "string") throw new Error("missing query");
  const param = (token) => {
    if (!token.startsWith("@")) return parseInt(token, 10);
    const found = parameters.find((p) => p.name === token);
    if (!found || !Number.isInteger(found.value)) throw new Error(`parameter ${token} must be an integer`);
    return found.value;
  };

  let sql = query;
  let offset = 0;
  let limit = Infinity;
  let distinct = false;
  let top = Infinity;
  const offsetLimit = OFFSET_LIMIT.exec(sql);
  if (offsetLimit) {
    offset = param(offsetLimit[1]);
    limit = param(offsetLimit[2]);
    sql = sql.slice(0, offsetLimit.index);
  }
  const selectDistinct = SELECT_DISTINCT.exec(sql);
  if (selectDistinct) {
    distinct = true;
    if (selectDistinct[2]) top = param(selectDistinct[2]); // TOP counts distinct rows
    sql = selectDistinct[1] + sql.slice(selectDistinct[0].length);
  }

  const container = collection.read();
  let { result } = parsed(sql).exec(items, {
    parameters,
    udf: collection.userDefinedFunctions.functions,
    compositeIndexes: (container.indexingPolicy || {}).compositeIndexes || [],
  });
  if (distinct) {
    const seen = new Set();
    result = result.filter((row) => {
      const key = canonicalJson(row);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    result = result.slice(0, top);
  }
  return result.slice(offset, offset + limit);
}

/**
 * Whether a patch condition (PatchItemRequestOptions.FilterPredicate, e.g.
 * "FROM c WHERE c.status = 'Queued'") holds for one item. The package's own
 * check lower-cases the whole condition, string literals and property names
 * included, so most real conditions never match.
 */
export function conditionHolds(collection, data, condition) {
  const text = condition.trim();
  let sql;
  if (/^select\s/i.test(text)) sql = text;
  else if (/^from\s/i.test(text)) sql = `SELECT VALUE 1 ${text}`;
  else if (/^where\s/i.test(text)) sql = `SELECT VALUE 1 FROM c ${text}`;
  else sql = `SELECT VALUE 1 FROM c WHERE ${text}`;
  const { result } = parsed(sql).exec([data], { udf: collection.userDefinedFunctions.functions });
  return result.length > 0;
}

const parsedQueries = new Map();
function parsed(sql) {
  let q = parsedQueries.get(sql);
  if (!q) {
    if (parsedQueries.size > 500) parsedQueries.clear();
    q = parseQuery(sql);
    parsedQueries.set(sql, q);
  }
  return q;
}

/** JSON with object keys sorted, so {a,b} and {b,a} count as the same row. */
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
