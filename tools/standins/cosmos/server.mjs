// The stand-in's HTTP server: the package's data model and handlers, with a
// few routes replaced and a response writer that fixes what the package gets
// wrong for the .NET SDK. See ../README.md for the list and the reasons.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { Account, makeRouter, packageRoute, patchOperation, readJson } from "./package.mjs";
import { installDocumentHooks, sweepExpired } from "./documents.mjs";
import { partitionFilter, partitionKeyValues } from "./partition-key.mjs";
import {
  conditionHolds,
  isQueryPlanRequest,
  PASS_THROUGH_QUERY_PLAN,
  queryPage,
  readFeedPage,
} from "./query.mjs";
import { changeFeedPage, isChangeFeedRequest } from "./change-feed.mjs";
import { loadSnapshot, snapshotWriter } from "./persistence.mjs";

const DOCS = "/dbs/:dbId/colls/:collId/docs";

// Routes answered here instead of by the package (same routing conventions:
// POST with a query content type or `x-ms-documentdb-isquery` is POST_QUERY).
const ownRoute = makeRouter({
  GET: {
    [`${DOCS}/:docId`]: readDocument,
    [DOCS]: (account, req, res, params) =>
      isChangeFeedRequest(req)
        ? changeFeedPage(req, res, collectionOf(account, params))
        : readFeedPage(req, res, collectionOf(account, params)),
  },
  PATCH: {
    [`${DOCS}/:docId`]: patchDocument,
  },
  POST_QUERY: {
    [DOCS]: async (account, req, res, params) => {
      const body = await readJson(req);
      if (isQueryPlanRequest(req)) return PASS_THROUGH_QUERY_PLAN;
      return queryPage(req, res, collectionOf(account, params), body);
    },
  },
});

/**
 * Creates (does not start) the server. Call `.listen(port, host)`; the account
 * document is built on "listening" from the real address, so it advertises
 * plain-http endpoints that the SDK can reach. With `dataFile`, data is loaded
 * from it on start and saved to it after changes; call `server.flushData()`
 * before exiting.
 */
export function createCosmosStandIn({ sweepIntervalMs = 1000, dataFile } = {}) {
  installDocumentHooks();
  let account;
  let writer;
  const server = http.createServer((req, res) => {
    if (writer) {
      res.on("finish", () => {
        if (req.method !== "GET" && res.statusCode < 400 && !isQuery(req)) writer.changed();
      });
    }
    handle(account, req, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(JSON.stringify({ code: "InternalServerError", message: err.message }));
      }
    });
  });
  // Keep idle connections open longer than the SDK's pool keeps them, so the
  // client never reuses a socket the server is just closing.
  server.keepAliveTimeout = 5 * 60 * 1000;
  server.headersTimeout = server.keepAliveTimeout + 1000;

  let sweeper;
  server.on("listening", () => {
    const { address, port } = server.address();
    const host = address === "0.0.0.0" || address === "::" ? "localhost" : address;
    account = new Account(host, port);
    // The package advertises https:// locations whatever the transport; an SDK
    // that follows them (LimitToEndpoint = false) would fail on TLS.
    const endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;
    for (const location of [...account.read().writableLocations, ...account.read().readableLocations]) {
      location.databaseAccountEndpoint = endpoint;
    }
    if (dataFile) {
      loadSnapshot(account, dataFile);
      writer = snapshotWriter(account, dataFile);
    }
    // TTL: reads and queries already hide expired items; this frees them.
    sweeper = setInterval(() => sweepExpired(account), sweepIntervalMs);
    sweeper.unref();
  });
  server.on("close", () => clearInterval(sweeper));
  server.flushData = () => writer && writer.flush();
  return server;
}

function isQuery(req) {
  return /query\+json/.test(String(req.headers["content-type"] ?? ""));
}

// COSMOS_STANDIN_LOG=1 logs one line per request to stderr (method, path,
// the headers that steer routing, status): handy when the SDK misbehaves.
const log = process.env.COSMOS_STANDIN_LOG === "1";
const LOGGED_HEADERS = [
  "x-ms-documentdb-partitionkey",
  "x-ms-cosmos-is-query-plan-request",
  "x-ms-documentdb-query-enablecrosspartition",
  "x-ms-max-item-count",
  "x-ms-continuation",
  "a-im",
  "if-none-match",
  "if-match",
  "if-modified-since",
];

async function handle(account, req, res) {
  if (log) {
    res.on("finish", () => {
      const headers = LOGGED_HEADERS.filter((h) => req.headers[h] !== undefined)
        .map((h) => `${h}=${req.headers[h]}`)
        .join(" ");
      process.stderr.write(`${req.method} ${req.url} ${headers} -> ${res.statusCode}\n`);
    });
  }
  const own = ownRoute(req);
  const route = own || packageRoute(req);
  let body;
  if (!route) {
    res.statusCode = 400;
    body = { message: "no route" };
  } else {
    const [params, handler] = route;
    normaliseRids(account, params);
    body = missingParent(account, params, res);
    if (!body) {
      try {
        body = await handler(account, req, res, params);
      } catch (err) {
        // The package throws plain errors for a malformed partition-key header
        // and flags other client errors with `badRequest`; the rest are bugs.
        const clientError = err.badRequest || /^Failed to parse/.test(err.message);
        if (!clientError) console.error(err);
        res.statusCode = clientError ? 400 : 500;
        body = { message: err.message };
      }
    }
  }
  send(req, res, body, { packageFeed: !own });
}

/**
 * A request under a database or container that does not exist is a 404. The
 * package only checks this on some routes; elsewhere it throws (→ 500), e.g. a
 * create in a missing container.
 */
// Some SDK calls (partition key ranges) address a database or container by its _rid, writing the rid's '/' as
// '-' in the URL. Names may contain '-' too, so translate only when the name is unknown and the rid is known.
function normaliseRids(account, params) {
  if (params.dbId?.includes("-") && !account.database(params.dbId).read()) {
    const rid = params.dbId.replaceAll("-", "/");
    if (account.database(rid).read()) params.dbId = rid;
  }
  if (params.dbId === undefined || !params.collId?.includes("-")) return;
  const database = account.database(params.dbId);
  if (database.read() && !database.collection(params.collId).read()) {
    const rid = params.collId.replaceAll("-", "/");
    if (database.collection(rid).read()) params.collId = rid;
  }
}

function missingParent(account, { dbId, collId }, res) {
  if (dbId === undefined) return undefined;
  const database = account.database(dbId);
  const missing = !database.read() || (collId !== undefined && !database.collection(collId).read());
  if (!missing) return undefined;
  res.statusCode = 404;
  return {};
}

function collectionOf(account, { dbId, collId }) {
  return account.database(dbId).collection(collId);
}

/**
 * Point read. The package's handler dereferences the item before checking that
 * it exists (→ 500 for a missing item); Cosmos answers 404 NotFound.
 */
function readDocument(account, req, res, params) {
  const found = findItem(req, res, collectionOf(account, params), params.docId);
  return found.error || found.data;
}

/**
 * Patch. The package's handler is fine except for conditional patches (see
 * conditionHolds), so the condition is checked here and the rest delegated.
 */
async function patchDocument(account, req, res, params) {
  const body = await readJson(req);
  const operations = Array.isArray(body) ? body : body && body.operations;
  if (!Array.isArray(operations)) {
    res.statusCode = 400;
    return { message: "Invalid patch request: check syntax of patch specification." };
  }
  const collection = collectionOf(account, params);
  const found = findItem(req, res, collection, params.docId);
  if (found.error) return found.error;
  if (!Array.isArray(body) && body.condition) {
    let holds;
    try {
      holds = conditionHolds(collection, found.data, body.condition);
    } catch (err) {
      res.statusCode = 400;
      return { message: `Invalid patch condition: ${err.message}` };
    }
    if (!holds) {
      res.statusCode = 412;
      return { message: "Condition specified in the patch request is not satisfied." };
    }
  }
  const result = patchOperation(collection, {
    id: params.docId,
    partitionKey: req.headers["x-ms-documentdb-partitionkey"],
    ifMatch: req.headers["if-match"],
    operations,
  });
  res.statusCode = result.statusCode;
  return result.body;
}

/** The item with this id in the request's partition: { data } or { error } (status set). */
function findItem(req, res, collection, id) {
  const inPartition = partitionFilter(req, collection.documents);
  if (!inPartition) {
    res.statusCode = 400;
    return { error: { message: "A partition key (x-ms-documentdb-partitionkey) is required." } };
  }
  // The package indexes items by "<partition key value, or the id if none>:/id:<id>".
  const [first] = partitionKeyValues(req);
  const partition = first !== null && typeof first === "object" ? id : first;
  const data = collection.document(id, partition).read();
  if (!data || !inPartition(data)) {
    res.statusCode = 404;
    return { error: {} };
  }
  return { data };
}

const ERROR_CODES = {
  400: "BadRequest",
  404: "NotFound",
  409: "Conflict",
  412: "PreconditionFailed",
  500: "InternalServerError",
};

/** The package's response writer, plus Cosmos-style error bodies and http URLs. */
function send(req, res, body, { packageFeed }) {
  if (res.statusCode >= 400) {
    body = { ...body };
    body.code = body.code || ERROR_CODES[res.statusCode] || "Error";
    body.message =
      body.message ||
      (res.statusCode === 404
        ? "Entity with the specified id does not exist in the system."
        : body.code);
  }
  if (body && body._etag) res.setHeader("etag", body._etag);
  res.setHeader("content-type", "application/json");
  res.setHeader("content-location", `http://${req.headers.host}${req.url}`);
  res.setHeader("x-ms-activity-id", req.headers["x-ms-activity-id"] || randomUUID());
  res.setHeader("x-ms-request-charge", "1");
  // The package's own (static) feed semantics, kept for the routes it still
  // serves: the SDK reads partition-key ranges as a feed, and they never change.
  if (packageFeed && req.headers["a-im"] && res.statusCode === 200) {
    if (req.headers["if-none-match"]) res.statusCode = 304;
    res.setHeader("etag", "1");
  }
  if (res.statusCode === 204 || res.statusCode === 304 || body === undefined) {
    res.end();
  } else {
    res.end(JSON.stringify(body));
  }
}
