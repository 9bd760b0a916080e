// The reference web app in a real browser (Debian's Chromium), served from its own origin and calling the real
// worker behind the local Functions host: sign-in, stories with narration, uploads, problems, keyboard, accessibility.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { after, before, describe, it } from "node:test";
import { dist, freePort, startApp } from "./support/app.mjs";
import { seriousViolations } from "./support/axe.mjs";
import { launchBrowser } from "./support/browser.mjs";
import { fillStory, screenshot, signIn, storyDone, upload, uniqueUser, writeStory } from "./support/pages.mjs";

let app;
let browser;

/** A valid WAV file of silence (8 kHz, 16-bit mono) whose sample data is `bytes` long. */
function silentWav(bytes) {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0); header.writeUInt32LE(36 + bytes, 4); header.write("WAVE", 8);
  header.write("fmt ", 12); header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24); header.writeUInt32LE(16000, 28); header.writeUInt16LE(2, 32); header.writeUInt16LE(16, 34);
  header.write("data", 36); header.writeUInt32LE(bytes, 40);
  return Buffer.concat([header, Buffer.alloc(bytes)]);
}

before(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, ...options });
  const page = await context.newPage();
  return page;
}

describe("the web app", { timeout: 300_000 }, () => {
  it("signs a parent in with a development token and passes the accessibility scan", async () => {
    // axe is injected as a script: only this page bypasses the app's content security policy.
    const page = await newPage({ bypassCSP: true });
    await page.goto(app.web);
    assert.deepEqual(await seriousViolations(page), [], "sign-in page");
    await screenshot(page, "sign-in");
    await signIn(page, app.web, "parent-axe");
    await page.getByText("No stories yet.").waitFor();
    assert.deepEqual(await seriousViolations(page), [], "signed-in page");
    await page.context().close();
  });

  it("fits a phone-sized screen without sideways scrolling", async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await signIn(page, app.web);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no horizontal overflow");
    await screenshot(page, "phone");
    await page.context().close();
  });

  it("creates a narrated story, shows its text and plays its audio", async () => {
    const page = await newPage();
    await signIn(page, app.web);
    const voices = await page.getByLabel("Voice").locator("option").allTextContents();
    assert.ok(voices.some((v) => v.startsWith("Grandpa")), `the voices come from GET /api/voices: ${voices}`);
    await fillStory(page, { name: "Mia", theme: "dragons" });
    await page.getByLabel("Voice").selectOption("grandpa");
    await page.getByRole("button", { name: "Write the story" }).click();
    await storyDone(page);
    assert.ok((await page.locator("#story-text p").count()) > 0, "the story's paragraphs are shown");
    assert.match(await page.locator("#story-text").textContent(), /Mia/);
    const audio = page.locator("#story-audio");
    await audio.waitFor({ state: "visible" });
    assert.ok(await audio.evaluate(async (a) => { await a.play(); return !a.paused; }), "the audio element plays");
    await page.waitForFunction(() => document.querySelector("#story-audio").currentTime > 0.5, null, { timeout: 15_000 });
    // Read-along: the title, then each sentence, is marked while it is heard.
    await page.locator("#story .reading").first().waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector("#story-text .reading[data-sentence]"), null, { timeout: 30_000 });
    await screenshot(page, "story");
    // Opening another story stops this one's narration.
    await writeStory(page, { name: "Mia", theme: "the moon", narrate: false });
    await page.waitForFunction(() => document.querySelector("#story-audio").paused && !document.querySelector("#story-audio").src);
    // The list shows it, newest first.
    await page.locator("#stories li").filter({ hasText: "completed" }).first().waitFor();
    await page.context().close();
  });

  it("plays the first segment while the story is still being made, then goes on with the next as it comes", async () => {
    const page = await newPage();
    await signIn(page, app.web);
    // Until released, every read of the story shows it narrating with only its first segment (the title).
    let holdBack = true;
    await page.route(/\/api\/stories\/st_[0-9a-f]{32}$/, async (route) => {
      if (!holdBack || route.request().method() !== "GET") return route.continue();
      const headers = { ...route.request().headers() };
      delete headers["if-none-match"];
      const response = await route.fetch({ headers });
      const story = await response.json();
      if (story.narration?.segments?.length) {
        Object.assign(story, { status: "narrating", progress: 70, audio: null, completedAt: null });
        Object.assign(story.narration, { status: "narrating", segments: story.narration.segments.slice(0, 1) });
      }
      const { etag, ...rest } = response.headers();
      return route.fulfill({ response, json: story, headers: rest });
    });
    await writeStory(page, { name: "Kai", theme: "lanterns" });
    const audio = page.locator("#story-audio");
    await page.waitForFunction(() => /segment-000/.test(document.querySelector("#story-audio").src), null, { timeout: 60_000 });
    assert.match(await page.locator("#story-status").textContent(), /Recording the narration/);
    await audio.evaluate((a) => a.play());
    await page.locator("#story-title.reading").waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector("#story-audio").ended, null, { timeout: 30_000 });
    holdBack = false;
    // The next poll brings the other segments: the player goes on with the first paragraph by itself.
    await page.waitForFunction(() => /segment-001/.test(document.querySelector("#story-audio").src) && !document.querySelector("#story-audio").paused,
      null, { timeout: 45_000 });
    await page.locator("#story-text .reading[data-sentence]").first().waitFor({ timeout: 15_000 });
    await page.context().close();
  });

  it("downloads everything the parent has as one file", async () => {
    const page = await newPage({ acceptDownloads: true });
    await signIn(page, app.web, uniqueUser("export"));
    await writeStory(page, { name: "Ada", theme: "comets", narrate: false });
    await storyDone(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download my data" }).click()]);
    assert.match(download.suggestedFilename(), /^bedtime-export-\d{4}-\d{2}-\d{2}\.ndjson$/);
    const lines = (await readFile(await download.path(), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(lines[0].type, "manifest");
    assert.deepEqual(lines.at(-1), { type: "end", stories: 1, uploads: 0 });
    assert.equal(lines[1].story.request.childName, "Ada");
    await page.context().close();
  });

  it("erases everything the parent has after asking, and says what went", async () => {
    const page = await newPage();
    await signIn(page, app.web, uniqueUser("erase"));
    await writeStory(page, { name: "Ivy", theme: "owls", narrate: false });
    await storyDone(page);
    await page.getByRole("button", { name: "Erase my data" }).click();
    await page.getByRole("button", { name: "Keep my data" }).click();
    assert.equal(await page.locator("#erasure").isHidden(), true, "keeping the data closes the question");
    await page.getByRole("button", { name: "Erase my data" }).click();
    await page.getByRole("button", { name: "Erase everything" }).click();
    await page.getByRole("status").filter({ hasText: "Everything is erased: 1 story and 0 uploads." }).waitFor({ timeout: 30_000 });
    await page.locator("#stories li.empty").waitFor();
    await page.reload();
    await page.locator("#stories li.empty").waitFor();
    await page.context().close();
  });

  it("replaces an audio link that no longer works with a fresh one", async () => {
    const page = await newPage();
    await signIn(page, app.web);
    await writeStory(page, { name: "Leo", theme: "the sea" });
    await storyDone(page);
    const audio = page.locator("#story-audio");
    // An expired link and one with a broken signature are both refused by storage with 403: break the signature.
    await audio.evaluate((a) => { a.src = a.src.replace(/sig=[^&]+/, "sig=AAAA"); });
    // The story is read again and its link — a fresh one, or the same while still valid — replaces the broken one.
    await page.waitForFunction(() => !document.querySelector("#story-audio").src.includes("sig=AAAA"), null, { timeout: 15_000 }).catch(async (error) => {
      const state = await page.evaluate(() => ({ status: document.querySelector("#story-status").textContent,
        src: document.querySelector("#story-audio").src, error: document.querySelector("#story-audio").error?.code }));
      throw new Error(`No fresh link: ${JSON.stringify(state)} (${error.message})`);
    });
    await audio.evaluate((a) => a.play());
    await page.waitForFunction(() => document.querySelector("#story-audio").currentTime > 0.3, null, { timeout: 15_000 });
    await page.context().close();
  });

  it("deletes a story and an upload after the parent confirms", async () => {
    const page = await newPage();
    await signIn(page, app.web);
    await writeStory(page, { name: "Ivy", theme: "owls", narrate: false });
    await storyDone(page);
    await upload(page, "owl.txt", "text/plain", "An owl who could not sleep at night.\n");
    await page.locator("#uploads li", { hasText: "owl.txt" }).waitFor();
    page.on("dialog", (dialog) => dialog.accept());
    await page.locator("#stories li").first().getByRole("button", { name: /^Delete/ }).click();
    await page.getByText("No stories yet.").waitFor();
    assert.ok(await page.locator("#story").isHidden(), "the open story is closed");
    await page.getByRole("button", { name: "Delete owl.txt" }).click();
    await page.getByText("Nothing uploaded yet.").waitFor();
    // Both are gone on the server too: a reload lists neither.
    await page.reload();
    await page.getByText("No stories yet.").waitFor();
    await page.getByText("Nothing uploaded yet.").waitFor();
    await page.context().close();
  });

  it("uploads a text from the file picker, follows it to ready and offers it as inspiration", async () => {
    const page = await newPage();
    await signIn(page, app.web);
    await upload(page, "dragon.txt", "text/plain", "Once there was a small green dragon who was afraid of the dark.\n");
    const item = page.locator("#uploads li", { hasText: "dragon.txt" });
    await item.locator(".badge.ready").waitFor({ timeout: 60_000 });
    await page.getByRole("checkbox", { name: "dragon.txt" }).waitFor(); // offered as inspiration
    await screenshot(page, "uploads");
    await page.context().close();
  });

  it("sends a recording over 20 MB straight to storage through an upload session and follows it to ready", async () => {
    const page = await newPage();
    await signIn(page, app.web);
    await upload(page, "lullaby.wav", "audio/wav", silentWav(21 * 1024 * 1024));
    const item = page.locator("#uploads li", { hasText: "lullaby.wav" });
    await item.locator(".badge.ready").waitFor({ timeout: 90_000 });
    assert.match(await item.textContent(), /A recording of 22 minutes/);
    await page.context().close();
  });

  it("shows why a forbidden file was refused", async () => {
    const page = await newPage();
    await signIn(page, app.web);
    await upload(page, "game.html", "text/html", "<!doctype html><html><body><script>alert(1)</script></body></html>");
    const problem = page.locator("#upload-problem");
    await problem.waitFor();
    assert.match(await problem.textContent(), /“game\.html” was not accepted: .*HTML/i);
    await page.context().close();
  });

  it("shows how long to wait when stories are being asked for too fast", async () => {
    const page = await newPage();
    await signIn(page, app.web, uniqueUser("busy"));
    const problem = page.locator("#story-problem");
    // Three stories a minute in fixed windows: six attempts can split three and three across a minute's edge; eight cannot.
    // Each attempt waits for the API's own answer: the status line still shows the story before, so it proves nothing.
    for (let attempt = 0; attempt < 8; attempt++) {
      const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/stories");
      await writeStory(page, { name: `Ann`, theme: `kites ${attempt}`, narrate: false });
      if ((await answered).status() === 429) break;
    }
    await problem.filter({ hasText: /Too many requests/ }).waitFor();
    assert.match(await problem.textContent(), /^Too many requests\. You can try again in (\d+ seconds?|\d+ minutes?)\.$/);
    await screenshot(page, "rate-limited");
    await page.context().close();
  });

  it("can be used with the keyboard alone", async () => {
    const page = await newPage();
    await page.goto(app.web);
    await page.keyboard.type(uniqueUser("keys")); // the user name field has the focus
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    // After sign-in the focus is in the form's first field; Tab moves through it in order.
    await page.waitForFunction(() => document.activeElement?.id === "childName");
    await page.keyboard.type("Noor");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("7");
    await page.keyboard.press("Tab");
    await page.keyboard.type("space");
    for (const expected of ["setting", "moral", "length", "narrate", "voice"]) {
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.id), expected);
    }
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Write the story");
    await page.keyboard.press("Enter");
    await page.locator("#story-status").filter({ hasText: /\S/ }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "story-title", "the new story takes the focus");
    await page.context().close();
  });

  it("shows the problem's reason for a field the API refuses", async () => {
    const page = await newPage();
    await signIn(page, app.web);
    await writeStory(page, { name: "Mia7!", theme: "dragons", narrate: false });
    const error = page.locator("#childName-error");
    await error.waitFor();
    assert.equal(await page.getByLabel("Child's name").getAttribute("aria-invalid"), "true");
    await page.context().close();
  });

  it("cannot sign in from an origin the API does not allow, and says the service cannot be reached", async () => {
    // The same built app and config.json from another origin: the API's CORS answers it with no allowance.
    const port = await freePort();
    const config = JSON.stringify({ apiBaseUrl: app.api, auth: { mode: "development" } });
    const server = createServer(async (request, response) => {
      const path = new URL(request.url, "http://x").pathname;
      if (path === "/config.json") return response.writeHead(200, { "Content-Type": "application/json" }).end(config);
      const file = join(dist, normalize(path === "/" ? "/index.html" : path));
      try {
        const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
        const body = await readFile(file);
        response.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise((done) => server.listen(port, "127.0.0.1", done));
    try {
      const page = await newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.getByLabel("Your user name").fill("stranger");
      await page.getByRole("button", { name: "Sign in" }).click();
      const problem = page.locator("#sign-in-problem");
      await problem.waitFor();
      assert.match(await problem.textContent(), /cannot be reached/);
      await page.context().close();
    } finally {
      server.close();
    }
  });
});
