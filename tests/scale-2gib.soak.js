// A soak test (npm run soak; not part of npm test: it needs 2.3 GB of memory and minutes).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import { SEED } from "./helpers/seed.js";

// 9 million rows x 64 features (one shared row, so JavaScript holds 72 MB) put the
// training targets above 2 GiB in WebAssembly memory, where a pointer no longer fits an i32.
test("training data beyond 2 GiB of WebAssembly memory", async () => {
  const rows = 9_000_000;
  const row = Array.from({ length: 64 }, (_, i) => i / 64);
  const X = new Array(rows).fill(row);
  const y = Uint8Array.from({ length: rows }, (_, i) => i & 1);
  const clf = await new MLPClassifier({ ...SEED, hiddenLayers: [2], optimizer: "adam", epochs: 1 }).fit(X, y);
  assert.ok(clf.loss.every(Number.isFinite));
  assertProbabilitiesFinite(clf.predictProba([row]));
});

function assertProbabilitiesFinite(proba) {
  assert.ok(proba.flat().every((p) => Number.isFinite(p) && p >= 0 && p <= 1), String(proba));
}

test.run();
