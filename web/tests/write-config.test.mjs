// The deploy-time configuration of the web app (web/scripts/write-config.mjs, azd's prepackage hook).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { webFiles } from "../scripts/write-config.mjs";

const deployed = {
  WEB_API_BASE_URL: "https://func-abc.azurewebsites.net/api",
  AZURE_STORAGE_BLOB_ENDPOINT: "https://stabc.blob.core.windows.net/",
  AUTH_AUTHORITY: "https://login.microsoftonline.com/tenant-id/v2.0",
  WEB_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
  WEB_API_SCOPES: "api://bedtime/.default",
};

describe("the web app's deploy-time configuration", () => {
  it("names the API and the Entra ID sign-in, and nothing secret", () => {
    const config = webFiles(deployed)["config.json"];
    assert.deepEqual(config, {
      apiBaseUrl: "https://func-abc.azurewebsites.net/api",
      auth: { mode: "entra", authority: "https://login.microsoftonline.com/tenant-id/v2.0", clientId: deployed.WEB_CLIENT_ID, scopes: ["api://bedtime/.default"] },
    });
  });

  it("lets the page reach exactly the API, storage and the authority", () => {
    const policy = webFiles(deployed)["staticwebapp.config.json"].globalHeaders["Content-Security-Policy"];
    assert.match(policy, /connect-src 'self' https:\/\/func-abc\.azurewebsites\.net https:\/\/stabc\.blob\.core\.windows\.net https:\/\/login\.microsoftonline\.com;/);
    assert.match(policy, /media-src 'self' https:\/\/stabc\.blob\.core\.windows\.net;/);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.match(policy, /frame-src https:\/\/login\.microsoftonline\.com$/);
  });

  it("offers no sign-in without a client id", () => {
    const { WEB_CLIENT_ID, ...withoutClient } = deployed;
    assert.deepEqual(webFiles(withoutClient)["config.json"].auth, { mode: "none" });
    assert.doesNotMatch(webFiles(withoutClient)["staticwebapp.config.json"].globalHeaders["Content-Security-Policy"], /frame-src|login/);
  });

  it("refuses missing and insecure addresses, naming each", () => {
    assert.throws(() => webFiles({ ...deployed, WEB_API_BASE_URL: "http://func-abc.azurewebsites.net/api", AZURE_STORAGE_BLOB_ENDPOINT: "" }),
      /WEB_API_BASE_URL must be an https address.*AZURE_STORAGE_BLOB_ENDPOINT is not set/);
    assert.throws(() => webFiles({ ...deployed, AUTH_AUTHORITY: "" }), /sign-in needs both/);
  });
});
