// web/serve.js's close(), which every browser test awaits: it must not wait for the
// connections a browser keeps open (a page left open held the bundler test up for about
// five minutes before close() ended them itself).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { connect } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../web/serve.js";

test("close() ends a connection whose request is still half sent, and resolves", async () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmlp-serve-"));
  let socket;
  let timer;
  try {
    writeFileSync(join(dir, "index.html"), "<!doctype html>");
    const server = await serve(dir);
    socket = connect(server.port, "127.0.0.1");
    await new Promise((done, fail) => socket.once("connect", done).once("error", fail));
    // The request line without the blank line that ends the headers: the server sees an
    // active connection (not an idle one, which close() would end anyway) and waits.
    socket.write("GET /index.html HTTP/1.1\r\nHost: x\r\n");
    const ended = new Promise((done) => socket.once("close", () => done("ended")));
    socket.on("error", () => {});
    await new Promise((done) => setTimeout(done, 50));
    // Without closeAllConnections, close() waits for the server's headers timeout (60 s);
    // the 20 s here only keeps a failing run from hanging, it measures nothing.
    const limit = new Promise((done) => (timer = setTimeout(() => done("still open"), 20_000)));
    const closed = server.close().then(() => "closed");
    assert.is(await Promise.race([closed, limit]), "closed");
    assert.is(await Promise.race([ended, limit]), "ended");
  } finally {
    // On failure the connection is still open: ending it lets close() finish and the file end.
    socket?.destroy();
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
