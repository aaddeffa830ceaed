// A static file server for the demo (and the browser tests): GET only, files under one
// directory, and a strict Content-Security-Policy, so the page proves it needs no eval
// (WebAssembly compilation is allowed by 'wasm-unsafe-eval' alone).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

// Cross-origin isolation: with these a page may share memory with its workers, so
// training uses worker threads there (bindings/runtime/thread-pool.ts). Every file the
// demo loads is its own, which require-corp allows.
export const ISOLATION = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".wasm": "application/wasm",
};

/** Serves `dir` on http://host:port/ (port 0: any free port); resolves once listening. */
export function serve(dir, { host = "127.0.0.1", port = 0 } = {}) {
  const server = createServer(async (request, response) => {
    const headers = { "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", ...ISOLATION };
    try {
      if (request.method !== "GET" && request.method !== "HEAD") throw Object.assign(new Error(), { status: 405 });
      const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
      const file = normalize(join(dir, path.endsWith("/") ? `${path}index.html` : path));
      if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) throw Object.assign(new Error(), { status: 403 });
      if (!(await stat(file)).isFile()) throw Object.assign(new Error(), { status: 404 });
      const body = await readFile(file);
      response.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
      response.end(request.method === "HEAD" ? undefined : body);
    } catch (error) {
      const status = error.status ?? (error instanceof URIError ? 400 : 404);
      response.writeHead(status, { ...headers, "Content-Type": "text/plain" });
      response.end(`${status}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port } = server.address();
      // close() also ends the connections a browser keeps open: server.close alone waits
      // for them, which a page still open (or its keep-alive sockets) holds up for minutes.
      const close = () => new Promise((done) => {
        server.close(done);
        server.closeAllConnections();
      });
      resolve({ url: `http://${host}:${port}/`, port, close });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { buildWeb } = await import("./build.js");
  const dir = await buildWeb();
  const port = Number(process.env.PORT ?? 8080);
  // A taken port is said, not worked around: a page on another port than the one asked
  // for is easy to miss, and a stale server on the asked one would go on serving.
  const server = await serve(dir, { port }).catch((error) => {
    if (error.code !== "EADDRINUSE") throw error;
    console.error(`wasmlp demo: port ${port} is already in use (another server, or an earlier npm run web still running); stop it, or choose another port: PORT=8081 npm run web`);
    process.exit(1);
  });
  console.log(`wasmlp demo: http://localhost:${server.port}/  (Ctrl+C to stop)`);
}
