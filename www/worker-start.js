// Starting a module worker wherever a page runs. A worker's script must have the page's
// origin, which it has not when the page is a sandboxed iframe without allow-same-origin (its
// origin is opaque, "null") or when the script comes from another site (<gradfall-figure> on
// a blog). Then the worker starts from a blob: URL, which is the page's own, holding a
// classic script that imports the real one with import(): a CORS request, answered by a
// server that sends Access-Control-Allow-Origin (README, "Headers a static host needs").
// Classic, because Chromium refuses a *module* worker from a blob: URL of an opaque origin.

/** The loader: keeps the messages that arrive before the module has set its handler. */
const loader = (href) => `const early = [];
self.onmessage = (event) => early.push(event);
import(${JSON.stringify(href)}).then(
  () => { for (const event of early) self.onmessage(event); },
  (err) => setTimeout(() => { throw err; }),
);`;

/**
 * A worker running the module at `url` (a URL object or an absolute URL). Throws when the
 * browser refuses both ways (a host page whose CSP forbids blob: workers).
 */
export function startWorker(url) {
  const script = new URL(url);
  if (self.origin !== 'null' && script.origin === self.origin) return new Worker(script, { type: 'module' });
  const blob = URL.createObjectURL(new Blob([loader(script.href)], { type: 'text/javascript' }));
  const worker = new Worker(blob);
  // The blob is read once the worker has started: its first message, or its failure.
  const release = () => URL.revokeObjectURL(blob);
  worker.addEventListener('message', release, { once: true });
  worker.addEventListener('error', release, { once: true });
  return worker;
}
