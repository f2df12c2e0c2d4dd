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

// ---- compare mode: one query holds up to four configurations (A–D) ----
// A is the plain query; B–D carry `b.key=value` for what differs from A (`b=1`: a copy of A).
// The engine's `parseExperiment` canonicalises whatever these helpers compose, so they only
// need to say what each configuration is, never to omit what equals A.

/** Configuration labels, in order; the lower-case letter is the key prefix of B–D. */
export const LETTERS = ['A', 'B', 'C', 'D'];

/** The page settings carried beside the configurations (the engine's `UI_KEYS`). */
export const UI_KEYS = ['view', 'autoplay', 'metric', 'speed', 'embed'];

/** Which configuration a query key belongs to: 0 for A, 1–3 for B–D, -1 for UI keys and `v`. */
export function keyOwner(key) {
  if (key === 'v' || UI_KEYS.includes(key)) return -1;
  const head = key.split('.')[0].toUpperCase();
  const index = LETTERS.indexOf(head);
  return index > 0 && (key.includes('.') || key.length === 1) ? index : 0;
}

/**
 * A query that sets configuration `index` to `values` (key → value, every key) and keeps
 * everything else of `query`. Editing A keeps B–D's own differences, so they follow A in
 * every other key; editing B–D rewrites only that configuration.
 */
export function withConfig(query, index, values, defaults) {
  const params = new URLSearchParams(query);
  const out = new URLSearchParams();
  for (const [key, value] of params) if (keyOwner(key) !== index) out.append(key, value);
  if (index === 0) {
    for (const [key, value] of new URLSearchParams(buildQuery(values, defaults))) out.append(key, value);
  } else {
    const prefix = LETTERS[index].toLowerCase();
    out.append(prefix, '1');
    for (const [key, value] of values) if (value !== '') out.append(`${prefix}.${key}`, value);
  }
  return out.toString();
}

/**
 * An experiment query from whole configurations (canonical single queries, A first) and UI
 * settings (key → value). B–D spell out every key A sets or they set; the engine drops the
 * ones equal to A's.
 */
export function composeExperiment(configs, ui, defaults) {
  const out = new URLSearchParams(configs[0] || '');
  const a = queryValues(configs[0] || '');
  configs.slice(1, LETTERS.length).forEach((query, i) => {
    const prefix = LETTERS[i + 1].toLowerCase();
    const own = queryValues(query);
    out.append(prefix, '1');
    for (const key of new Set([...a.keys(), ...own.keys()])) {
      if (key === 'v') continue;
      const value = own.has(key) ? own.get(key) : defaults.get(key);
      if (value !== undefined && value !== null) out.append(`${prefix}.${key}`, String(value));
    }
  });
  for (const [key, value] of ui) if (value !== undefined && value !== null && value !== '') out.set(key, value);
  return out.toString();
}

/** `query` with UI setting `key` set to `value`, or removed when `value` is null. */
export function withUi(query, key, value) {
  const params = new URLSearchParams(query);
  if (value === null || value === undefined) params.delete(key);
  else params.set(key, value);
  return params.toString();
}

/**
 * What distinguishes each configuration, for legends: B–D list their own keys ("act=relu,
 * init=he"), A lists its values of the keys the others change (or its own non-default keys).
 * @param query canonical experiment query; @param count number of configurations
 * @param defaults key → default value (A's value of a key its query omits)
 */
export function describeConfigs(query, count, defaults = new Map()) {
  const own = LETTERS.slice(0, count).map(() => []);
  const a = new Map();
  for (const [key, value] of new URLSearchParams(query)) {
    const owner = keyOwner(key);
    if (owner === 0) a.set(key, value);
    else if (owner > 0 && owner < count && key.includes('.')) own[owner].push([key.slice(2), value]);
  }
  const changed = new Set(own.flatMap((pairs) => pairs.map(([key]) => key)));
  own[0] = changed.size
    ? [...changed].map((key) => [key, a.get(key) ?? defaults.get(key) ?? 'default'])
    : [...a];
  return own.map((pairs, i) => {
    if (pairs.length) return pairs.map(([key, value]) => `${key}=${value}`).join(', ');
    return i === 0 ? 'defaults' : 'same as A';
  });
}
