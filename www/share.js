// Taking the experiment beyond the page: the embed URL and its <iframe> snippet, the link
// back to the playground, the oEmbed discovery address, the `gradfall train` command line,
// and the height message the embed page posts to its parent. Pure functions of strings
// (plus the wasm exports for the shared names and the <iframe> element), so tests can call
// them directly.

import { embedIframe } from './pkg/gradfall_wasm.js';
import { sharedNames } from './names.js';
import { encodeValue, paramValue, withParam } from './experiment-url.js';

/** `type` of the message embed.html posts to its parent window: {type, height}. */
export const HEIGHT_MESSAGE = 'gradfall:height';

/** Height the <iframe> snippet starts with, before the first height message arrives. */
export const SNIPPET_HEIGHT = 560;

/** Steps the command line asks for when the page has not trained yet. */
export const DEFAULT_CLI_STEPS = 1000;

/**
 * Absolute URL of the embed page for `query` (a canonical experiment query), next to the
 * page at `base`. Sets `view` when the query has none; `embed` is dropped (embed.html is
 * the embed layout already).
 */
export function embedUrl(query, base, view = sharedNames().defaultView) {
  let q = withParam(query, 'embed', null);
  if (paramValue(q, 'view') === null && view) q = withParam(q, 'view', view);
  return new URL(`embed.html?${q}`, base).href;
}

/**
 * Absolute URL of the full playground for `query`, next to the page at `base`. The embed-only
 * keys (`view`, `autoplay`, `embed`) are dropped; `metric` and `speed` mean the same there.
 */
export function playgroundUrl(query, base) {
  let q = query;
  for (const key of sharedNames().embedOnlyKeys) q = withParam(q, key, null);
  return new URL(q ? `./?${q}` : './', base).href;
}

/**
 * The snippet a blog pastes: the <iframe> (the engine writes it, as for the oEmbed route) and
 * a small script that sets the iframe's height from the embed page's height messages (only
 * messages from that iframe and origin count).
 */
export function embedSnippet(src, { title = sharedNames().defaultEmbedTitle, height = SNIPPET_HEIGHT } = {}) {
  const origin = new URL(src).origin;
  const iframe = embedIframe(src, title, Math.max(0, Number(height) | 0));
  const script = [
    '<script>',
    "addEventListener('message', function (e) {",
    `  if (e.origin !== ${JSON.stringify(origin)} || !e.data || e.data.type !== ${JSON.stringify(HEIGHT_MESSAGE)}) return;`,
    "  document.querySelectorAll('iframe').forEach(function (f) {",
    "    if (f.contentWindow === e.source) f.style.height = Math.ceil(e.data.height) + 'px';",
    '  });',
    '});',
    '</script>',
  ].join('\n');
  return `${iframe}\n${script}`;
}

/** Relative address of the oEmbed endpoint for the page at `pageUrl` (see README). */
export function oembedHref(pageUrl) {
  return `oembed?format=json&url=${encodeValue(pageUrl)}`;
}

/** `text` double-quoted for a POSIX shell. */
export function shellQuote(text) {
  return `"${String(text).replace(/["$`\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * `gradfall train` command lines reproducing the runs: one per configuration, each with the
 * step the page has reached (DEFAULT_CLI_STEPS at step 0). `runs`: [{label, query, step}].
 */
export function commandLines(runs) {
  const several = runs.length > 1;
  return runs
    .map(({ label, query, step }) => {
      const steps = step > 0 ? step : DEFAULT_CLI_STEPS;
      const line = `gradfall train ${shellQuote(query)} --steps ${steps}`;
      return several ? `${line}  # ${label}` : line;
    })
    .join('\n');
}
