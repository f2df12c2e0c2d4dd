// A second origin for the tests that embed Gradfall in someone else's page: a tiny web
// server on another port serving whatever pages a test sets, and counting what it served.

import { createServer } from 'node:http';

/** Start it; resolves to {url, setPage(path, html), close()}. */
export function startHost() {
  const pages = new Map();
  const server = createServer((req, res) => {
    const html = pages.get(new URL(req.url, 'http://x').pathname);
    res.writeHead(html === undefined ? 404 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html === undefined ? 'not found' : html);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/`;
      resolve({ url, setPage: (path, html) => pages.set(path, html), close: () => server.close() });
    });
  });
}
