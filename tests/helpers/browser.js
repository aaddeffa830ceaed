// Headless Chromium on the demo page, for the browser tests: Debian's chromium driven by
// playwright-core (.ci/run installs chromium where it is missing; nothing is downloaded),
// a fresh profile, the page built and served by web/serve.js, and every console error
// or page error collected in `problems`.
import { fileURLToPath } from "node:url";
import { buildWeb } from "../../web/build.js";
import { serve } from "../../web/serve.js";
import { chromiumContext } from "./chromium.js";

export const buildDir = fileURLToPath(new URL("../../build/", import.meta.url));

/** Builds and serves the page, and opens Chromium on a 1280 x 860 viewport. */
export async function openBrowser() {
  const browser = await chromiumContext({ viewport: { width: 1280, height: 860 } });
  await buildWeb();
  const server = await serve(buildDir);
  const { context } = browser;
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return {
    server, context, page, problems,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** The browser on the demo page, once the page is ready to train. */
export async function openDemo() {
  const browser = await openBrowser();
  await browser.page.goto(`${browser.server.url}web/`);
  await browser.page.waitForFunction(() => globalThis.wasmlpDemo?.state === "idle");
  return browser;
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
