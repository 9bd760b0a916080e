#!/usr/bin/env node
// Cosmos DB stand-in for local runs and tests: @vercel/cosmosdb-server 1.0.1
// over plain HTTP, with the fixes the .NET SDK (Gateway mode) needs.
//
//   node tools/standins/cosmos-standin.mjs [--host 127.0.0.1] [--port 0] [--data FILE] [--parent-pid PID]
//
// --port 0 (the default) takes a free port. Once listening, prints exactly one
// line to stdout, which callers parse for the port:
//   cosmos-standin listening on http://127.0.0.1:<port>/
// Exits 0 on SIGTERM or SIGINT, and also when --parent-pid is given and that
// process has gone (so a crashed test run leaves nothing behind).
// Data lives in memory, and with --data also in FILE (loaded on start, saved
// shortly after each change and on exit).
import { createCosmosStandIn } from "./cosmos/server.mjs";

const USAGE = "usage: cosmos-standin.mjs [--host 127.0.0.1] [--port 0] [--data FILE] [--parent-pid PID]";

function parseArgs(argv) {
  const args = { host: "127.0.0.1", port: 0, data: undefined, parentPid: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    if (argv[i].startsWith("--") && argv[i] !== "--help" && value === undefined) {
      process.stderr.write(`${argv[i]} needs a value\n${USAGE}\n`);
      process.exit(2);
    }
    switch (argv[i]) {
      case "--host":
        args.host = value;
        i += 1;
        break;
      case "--port":
        args.port = Number(value);
        i += 1;
        break;
      case "--data":
        args.data = value;
        i += 1;
        break;
      case "--parent-pid":
        args.parentPid = Number(value);
        i += 1;
        break;
      case "-h":
      case "--help":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        process.stderr.write(`unknown argument ${argv[i]}\n${USAGE}\n`);
        process.exit(2);
    }
  }
  if (!args.host || args.data === "" || !Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const server = createCosmosStandIn({ dataFile: args.data });

server.on("error", (err) => {
  process.stderr.write(`cosmos-standin: ${err.message}\n`);
  process.exit(1);
});

server.listen(args.port, args.host, () => {
  const { address, port } = server.address();
  const host = address.includes(":") ? `[${address}]` : address;
  // stdout is synchronous for pipes and files on Linux, so the line is out
  // before anything else happens.
  process.stdout.write(`cosmos-standin listening on http://${host}:${port}/\n`);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  try {
    server.flushData();
  } catch (err) {
    process.stderr.write(`cosmos-standin: could not save data: ${err.message}\n`);
  }
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

if (args.parentPid) {
  setInterval(() => {
    try {
      process.kill(args.parentPid, 0);
    } catch {
      stop();
    }
  }, 1000).unref();
}
