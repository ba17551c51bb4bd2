// A second origin for the page's URL input: the same file with and without CORS headers, a missing file, and a
// slow download (progress and cancel). It records every request it receives.
//   /cors/NAME     the file with Access-Control-Allow-Origin: *
//   /nocors/NAME   the file without CORS headers (a browser must refuse to hand it to another origin's page)
//   /missing       404 (with CORS headers, so the page sees the status)
//   /slow          declares 64 MiB, sends 64 KiB every 40 ms (never finishes in a test)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export async function startUrlServer(files) {
  const requests = [];
  const byName = new Map(files.map((f) => [path.basename(f), f]));
  const timers = new Set();
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://x');
    const [, kind, name] = url.pathname.split('/');
    if (kind === 'slow') {
      const total = 64 << 20;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total, 'access-control-allow-origin': '*' });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= total || res.destroyed) {
          clearInterval(timer);
          timers.delete(timer);
          res.end();
          return;
        }
        res.write(Buffer.alloc(64 << 10));
        sent += 64 << 10;
      }, 40);
      timers.add(timer);
      req.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
      return;
    }
    const file = byName.get(decodeURIComponent(name || ''));
    if ((kind === 'cors' || kind === 'nocors') && file) {
      const headers = { 'content-type': 'application/octet-stream' };
      if (kind === 'cors') headers['access-control-allow-origin'] = '*';
      res.writeHead(200, headers).end(fs.readFileSync(file));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => {
      for (const t of timers) clearInterval(t);
      server.close(resolve);
      server.closeAllConnections?.();
    }),
  };
}
