// The only place that reaches into @vercel/cosmosdb-server's internals.
//
// The package exposes createHttpServer/createHttpsServer but no way to change
// behaviour, so the stand-in builds its own HTTP server from the package's
// building blocks: its in-memory data model (Account → Databases → Collections
// → Documents), its router (which maps method + path + headers to a handler),
// its handlers, and its SQL engine (@zeit/cosmosdb-query). These are private
// paths, which is why package.json pins the package to exactly 1.0.1: check
// every name below again before moving to another version.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const lib = (path) => require(`@vercel/cosmosdb-server/lib/${path}`).default;

/** class Account(host, port): the account document plus `.databases`. */
export const Account = lib("account");
/** class Items: the generic store (`_data` rid → wrapper, `_index` key → rid). */
export const Items = lib("account/items");
/** class Documents extends Items: the items of one container. */
export const Documents = lib("account/documents");
/** (req) => [params, handler] | undefined, the package's own routing table. */
export const packageRoute = lib("routes");
/** makeRouter(rules) => (req) => [params, handler]; same conventions as packageRoute. */
export const makeRouter = lib("router");
/** patchOperation(collection, { id, partitionKey, ifMatch, operations, condition }) => { statusCode, body }. */
export const { patchOperation } = require("@vercel/cosmosdb-server/lib/handler/_patch-operations");
/** async (req) => parsed JSON body. */
export const readJson = lib("json");
/** (sql) => Query with .exec(docs, { parameters, udf, compositeIndexes }). */
// Resolved from the package's own folder so that we get the very copy it uses.
const queryModule = createRequire(require.resolve("@vercel/cosmosdb-server/package.json"))(
  "@zeit/cosmosdb-query"
);
export const parseQuery = queryModule.default;
/** Thrown by parseQuery for SQL the engine does not understand. */
export const QuerySyntaxError = queryModule.SyntaxError;
