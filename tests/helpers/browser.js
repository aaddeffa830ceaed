// Headless Chromium on the demo page, for the browser tests: Debian's chromium driven by
// playwright-core (.ci/run installs chromium where it is missing; nothing is downloaded),
// a fresh profile, the page built and served by web/serve.js, and every console error
// or page error collected in `problems`.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { buildWeb } from "../../web/build.js";
import { serve } from "../../web/serve.js";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
export const buildDir = fileURLToPath(new URL("../../build/", import.meta.url));

/** Builds and serves the page, and opens Chromium on a 1280 x 860 viewport. */
export async function openBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does) or set CHROMIUM`);
  }
  await buildWeb();
  const server = await serve(buildDir);
  const profile = mkdtempSync(join(tmpdir(), "wasmlp-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return {
    server, context, page, problems,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What the page reports through its `wasmlpDemo` hook. */
export const demo = (page, what) => page.evaluate((key) => globalThis.wasmlpDemo[key], what);

/** Waits until the last training has ended and its final model is drawn. */
export const trained = (page, timeout = 60000) => page.waitForFunction(
  () => globalThis.wasmlpDemo.state === "error" || (globalThis.wasmlpDemo.state === "trained" && /^trained/.test(globalThis.wasmlpDemo.shown ?? "")),
  null, { timeout },
);

/** Waits for the next two animation frames: the page redraws on the next one. */
export const redrawn = (page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

export { r2 } from "./reference.js";
