#!/usr/bin/env node
// azd's prepackage hook of the `web` service (azure.yaml): writes what the deployed app reads at start and what
// Static Web Apps serves it with, from the azd environment (main.bicep's outputs and the WEB_* settings):
//   public/config.json              the API's address and the Entra ID sign-in (nothing secret: no key, no token)
//   public/staticwebapp.config.json its headers: a content security policy naming exactly the API, storage
//                                   (audio links) and the sign-in authority, and no framing
// Vite copies public/ into dist/, which azd uploads. Usage: node scripts/write-config.mjs [--out <folder>]
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Builds both files from environment values; throws with every missing or malformed value named. */
export function webFiles(env) {
  const problems = [];
  const origin = (name, { optional = false } = {}) => {
    const value = env[name]?.trim();
    if (!value) {
      if (!optional) problems.push(`${name} is not set`);
      return undefined;
    }
    try {
      const url = new URL(value);
      if (url.protocol !== "https:") problems.push(`${name} must be an https address, not ${value}`);
      return url;
    } catch {
      problems.push(`${name} is not an address: ${value}`);
      return undefined;
    }
  };
  const api = origin("WEB_API_BASE_URL");
  const blobs = origin("AZURE_STORAGE_BLOB_ENDPOINT");
  const authority = origin("AUTH_AUTHORITY", { optional: true });
  const clientId = env.WEB_CLIENT_ID?.trim();
  const scopes = (env.WEB_API_SCOPES ?? "").split(/\s+/).filter(Boolean);
  if (clientId && !authority) problems.push("WEB_CLIENT_ID is set but AUTH_AUTHORITY is not: sign-in needs both");
  if (clientId && scopes.length === 0) problems.push("WEB_API_SCOPES is empty: the app cannot ask for API tokens");
  if (problems.length) throw new Error(`The web app's configuration cannot be written: ${problems.join("; ")}.`);

  const auth = clientId ? { mode: "entra", authority: authority.href, clientId, scopes } : { mode: "none" };
  const config = { apiBaseUrl: api.href.replace(/\/+$/, ""), auth };
  const connect = [api.origin, blobs.origin, ...(clientId ? [authority.origin] : [])];
  const policy = [
    "default-src 'self'", `connect-src 'self' ${[...new Set(connect)].join(" ")}`, `media-src 'self' ${blobs.origin}`,
    "img-src 'self' data:", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'",
    // MSAL.js renews tokens in a hidden frame of the authority when its refresh token cannot be used.
    ...(clientId ? [`frame-src ${authority.origin}`] : []),
  ].join("; ");
  const staticWebApp = {
    globalHeaders: {
      "Content-Security-Policy": policy,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    },
    routes: [{ route: "/config.json", headers: { "Cache-Control": "no-store" } }],
    mimeTypes: { ".json": "application/json" },
  };
  return { "config.json": config, "staticwebapp.config.json": staticWebApp };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--out");
  const out = resolve(at > 0 ? process.argv[at + 1] : join(import.meta.dirname, "..", "public"));
  try {
    const files = webFiles(process.env);
    mkdirSync(out, { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(out, name), `${JSON.stringify(content, null, 2)}\n`);
    console.log(`web: wrote ${Object.keys(files).join(" and ")} to ${out} (sign-in: ${files["config.json"].auth.mode})`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
