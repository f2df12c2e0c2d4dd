// Taking the experiment beyond the page: the embed URL and its <iframe> snippet, the link
// back to the playground, the oEmbed discovery address, the `gradfall train` command line,
// and the height message the embed page posts to its parent. Pure functions of strings
// (plus the compiled wasm for parsing), so tests can call them directly.

/** `type` of the message embed.html posts to its parent window: {type, height}. */
export const HEIGHT_MESSAGE = 'gradfall:height';

/** Charts embed.html shows when the query has no `view`. */
export const DEFAULT_VIEW = 'depth,history,loss';

/** Height the <iframe> snippet starts with, before the first height message arrives. */
export const SNIPPET_HEIGHT = 560;

/** Steps the command line asks for when the page has not trained yet. */
export const DEFAULT_CLI_STEPS = 1000;

/**
 * `query` with `key` set to `value`, or removed when `value` is null. Other pairs keep their
 * order and spelling; the key is appended when it was absent. `query` has no leading '?'.
 */
export function withParam(query, key, value) {
  const pairs = query ? query.split('&').filter(Boolean) : [];
  const out = [];
  let placed = false;
  for (const pair of pairs) {
    const name = decodeURIComponent(pair.split('=')[0].replace(/\+/g, ' '));
    if (name !== key) out.push(pair);
    else if (!placed && value !== null) {
      out.push(`${key}=${encodeValue(value)}`);
      placed = true;
    }
  }
  if (!placed && value !== null) out.push(`${key}=${encodeValue(value)}`);
  return out.join('&');
}

/** Percent-encode a value as the core does (letters, digits and `-_.~,` stay as they are). */
export function encodeValue(value) {
  return encodeURIComponent(String(value))
    .replace(/%2C/g, ',')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The value of `key` in `query`, or null. */
export function paramValue(query, key) {
  return new URLSearchParams(query).get(key);
}

/**
 * Absolute URL of the embed page for `query` (a canonical experiment query), next to the
 * page at `base`. Sets `view` when the query has none; `embed` is dropped (embed.html is
 * the embed layout already).
 */
export function embedUrl(query, base, view = DEFAULT_VIEW) {
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
  for (const key of ['view', 'autoplay', 'embed']) q = withParam(q, key, null);
  return new URL(q ? `./?${q}` : './', base).href;
}

/** Text safe inside a double-quoted HTML attribute (and as HTML text). */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * The snippet a blog pastes: the <iframe> and a small script that sets the iframe's height
 * from the embed page's height messages (only messages from that iframe and origin count).
 */
export function embedSnippet(src, { title = 'Gradfall experiment', height = SNIPPET_HEIGHT } = {}) {
  const origin = new URL(src).origin;
  const iframe =
    `<iframe src="${escapeHtml(src)}" title="${escapeHtml(title)}" width="100%" height="${Number(height) | 0}" ` +
    'style="border:0;width:100%;max-width:100%" loading="lazy"></iframe>';
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
