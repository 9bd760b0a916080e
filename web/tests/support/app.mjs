// Starts the app as ./scripts/run does — the local Functions host running the real worker, with its stand-ins — on
// free ports, once for a whole test file, with the built web app served on its own origin (so CORS is real).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../../..");
export const dist = join(root, "web", "dist");

export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * The host: BEDTIME_LOCAL_HOST (Bedtime.Local.dll) runs BEDTIME_FUNCTIONS_PACKAGE (./scripts/test sets both);
 * without them, the Release build and publish outputs ./scripts/run uses.
 */
export async function startApp({ settings = {} } = {}) {
  if (!existsSync(join(dist, "index.html"))) throw new Error("web/dist is not built: run 'npm run build' in web/.");
  const hostDll = process.env.BEDTIME_LOCAL_HOST ?? join(root, "functions/Bedtime.Local/bin/Release/net10.0/Bedtime.Local.dll");
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const data = mkdtempSync(join(tmpdir(), "bedtime-web-"));
  const args = [hostDll, "functions-host", "--port", String(apiPort),
    `--LocalRunner:WebUrl=http://127.0.0.1:${webPort}`, `--LocalRunner:DataDirectory=${data}`,
    `--LocalVault:Path=${join(data, "vault.json")}`, "--Auth:DevelopmentTokens=true"];
  if (process.env.BEDTIME_FUNCTIONS_PACKAGE) args.push(`--LocalRunner:FunctionsApp=${process.env.BEDTIME_FUNCTIONS_PACKAGE}`);
  for (const [key, value] of Object.entries(settings)) args.push(`--${key}=${value}`);

  const host = spawn("dotnet", args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const ready = new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`The host did not start within 90 s:\n${output}`)), 90_000);
    const read = (chunk) => {
      output += chunk;
      if (/Bedtime Functions host ready/.test(output)) { clearTimeout(timer); done(); }
    };
    host.stdout.on("data", read);
    host.stderr.on("data", read);
    host.once("exit", (code) => { clearTimeout(timer); fail(new Error(`The host exited (${code}) before it was ready:\n${output}`)); });
  });
  await ready;
  return {
    api: `http://127.0.0.1:${apiPort}/api`,
    web: `http://127.0.0.1:${webPort}/`,
    output: () => output,
    async stop() {
      if (host.exitCode === null) {
        const exited = new Promise((done) => host.once("exit", done));
        host.kill("SIGINT");
        await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000))]);
        if (host.exitCode === null) host.kill("SIGKILL");
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}
