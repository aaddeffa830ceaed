// The documentation cannot rot unseen: the API reference builds from the TSDoc with no
// TypeDoc warning (scripts/docs.js fails on any: a {@link} to nothing, a type the API names
// but does not export), every local link and anchor in the built HTML resolves, and every
// relative link in the repository's Markdown (README, docs/, examples/) names a file that
// exists, and a heading where it names one.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "wasmlp-api-"));

test.after(() => rmSync(out, { recursive: true, force: true }));

/** Files under `dir` whose names end with `ending`, skipping node_modules, build output and dot folders. */
function filesUnder(dir, ending) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry === "build" || entry.startsWith(".")) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path, ending));
    else if (entry.endsWith(ending)) found.push(path);
  }
  return found;
}

const external = (href) => /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//");
const decodeEntities = (text) => text.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

test("the API reference builds from the TSDoc with no warning", () => {
  const result = spawnSync(process.execPath, [join(root, "scripts/docs.js"), "--out", out], { encoding: "utf8" });
  assert.is(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.is(`${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, "").trim(), "");
  // One page per entry of the package's "exports" (the types-only ones aside).
  const exportsField = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).exports;
  const entries = Object.keys(exportsField).filter((key) => typeof exportsField[key] === "object" && exportsField[key].types);
  for (const entry of entries) {
    const page = join(out, "modules", `${join("wasmlp", entry).replace(/\//g, "_")}.html`);
    assert.ok(existsSync(page), `no page for ${join("wasmlp", entry)}: ${readdirSync(join(out, "modules"))}`);
  }
});

test("every local link and anchor in the API reference resolves", () => {
  const pages = filesUnder(out, ".html");
  assert.ok(pages.length > 10, `only ${pages.length} pages`);
  const ids = new Map();
  const idsOf = (file) => {
    if (!ids.has(file)) ids.set(file, new Set([...readFileSync(file, "utf8").matchAll(/\sid="([^"]+)"/g)].map((m) => decodeEntities(m[1]))));
    return ids.get(file);
  };
  const broken = [];
  let checked = 0;
  for (const page of pages) {
    for (const [, attribute] of readFileSync(page, "utf8").matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const link = decodeEntities(attribute);
      if (external(link)) continue;
      const [path, fragment] = link.split("#");
      const target = path === "" ? page : join(dirname(page), decodeURIComponent(path.split("?")[0]));
      checked++;
      if (!existsSync(target)) broken.push(`${relative(out, page)}: ${link} (no file)`);
      else if (fragment && target.endsWith(".html") && !idsOf(target).has(decodeURIComponent(fragment))) broken.push(`${relative(out, page)}: ${link} (no id "${fragment}")`);
    }
  }
  assert.ok(checked > 100, `only ${checked} links`);
  assert.equal(broken, []);
});

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");

test("every relative link in the Markdown files names a file (and heading) that exists", () => {
  const broken = [];
  for (const file of filesUnder(root, ".md")) {
    const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
    for (const [, link] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (external(link)) continue;
      const [path, fragment] = link.split("#");
      const target = path === "" ? file : join(dirname(file), decodeURIComponent(path));
      if (!existsSync(target)) {
        broken.push(`${relative(root, file)}: ${link} (no file)`);
      } else if (fragment && target.endsWith(".md")) {
        const headings = [...readFileSync(target, "utf8").replace(/```[\s\S]*?```/g, "").matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]));
        if (!headings.includes(fragment)) broken.push(`${relative(root, file)}: ${link} (no such heading)`);
      }
    }
  }
  assert.equal(broken, []);
});

test.run();
