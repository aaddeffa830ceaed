// Debian's chromium driven by playwright-core, headless, with a fresh profile and every
// background service that would reach the network turned off (.ci/run installs chromium
// where it is missing; CHROMIUM names another binary).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** A persistent context on a fresh profile (options: playwright's, e.g. a viewport);
 *  `close()` ends it and removes the profile. Every browser test starts Chromium here. */
export async function chromiumContext(options = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does) or set CHROMIUM`);
  const profile = mkdtempSync(join(tmpdir(), "wasmlp-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, ...options });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A running browser: `open(url)` gives a page whose console errors and uncaught
 *  exceptions are collected in `problems`; `close()` ends it and removes the profile. */
export async function launchChromium() {
  const { context, close } = await chromiumContext();
  return {
    async open(url) {
      const page = await context.newPage();
      const problems = [];
      // A page without a favicon makes Chromium ask for /favicon.ico; that 404 is no problem.
      const favicon = (message) => /\/favicon\.ico$/.test(message.location()?.url ?? "");
      page.on("console", (message) => message.type() === "error" && !favicon(message) && problems.push(`console: ${message.text()} (${message.location()?.url})`));
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      await page.goto(url);
      return { page, problems };
    },
    close,
  };
}
