// The experiment lives in the URL: reading it, canonicalising it with the engine's own
// parser, and writing it back with history.replaceState (no new history entries).

/** The query of the current location, without the leading '?'. */
export function locationQuery() {
  return window.location.search.replace(/^\?/, '');
}

/** Replace the address bar's query with `query` (already canonical). */
export function writeLocation(query) {
  const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
  window.history.replaceState(null, '', url);
}

/** key → value of a canonical query (keys it omits are at their defaults). */
export function queryValues(query) {
  const values = new Map();
  for (const [key, value] of new URLSearchParams(query)) values.set(key, value);
  return values;
}

/**
 * A query from key → value, leaving out keys whose value equals `defaults` or is empty.
 * The engine canonicalises it afterwards (`parseQuery`), so order and spelling here do
 * not matter.
 */
export function buildQuery(values, defaults) {
  const params = new URLSearchParams();
  for (const [key, value] of values) {
    if (value === '' || value === null || value === undefined) continue;
    if (defaults.has(key) && String(defaults.get(key)) === String(value)) continue;
    params.set(key, value);
  }
  return params.toString();
}
