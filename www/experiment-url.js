// The experiment lives in the URL: reading and writing the address bar, editing one key or
// one configuration of a query, and describing what distinguishes each configuration.
// The engine's `parseExperiment` canonicalises whatever these helpers compose, so they only
// need to say what each configuration is, never to omit what equals A.
//
// Compare mode: one query holds up to four configurations (A–D). A is the plain query; B–D
// carry `b.key=value` for what differs from A (`b=1`: a copy of A). Which configuration a
// key belongs to is the engine's decision (wasm `keyOwner`).

import { keyOwner } from './pkg/gradfall_wasm.js';
import { sharedNames } from './names.js';

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

/** The value of `key` in `query`, or null. */
export function paramValue(query, key) {
  return new URLSearchParams(query).get(key);
}

/** Percent-encode a value as the core does (letters, digits and `-_.~,` stay as they are). */
export function encodeValue(value) {
  return encodeURIComponent(String(value))
    .replace(/%2C/g, ',')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The key of one `name=value` pair, decoded as URLSearchParams (and the engine) decode it:
 * `+` is a space and a malformed escape such as `%zz` stays as written instead of throwing. */
function pairKey(pair) {
  for (const name of new URLSearchParams(pair).keys()) return name;
  return '';
}

/**
 * `query` with `key` set to `value`, or removed when `value` is null. Other pairs keep their
 * order and spelling; the key is appended when it was absent. `query` has no leading '?'.
 */
export function withParam(query, key, value) {
  const pairs = query ? query.split('&').filter(Boolean) : [];
  const out = [];
  let placed = false;
  for (const pair of pairs) {
    const name = pairKey(pair);
    if (name !== key) out.push(pair);
    else if (!placed && value !== null) {
      out.push(`${key}=${encodeValue(value)}`);
      placed = true;
    }
  }
  if (!placed && value !== null) out.push(`${key}=${encodeValue(value)}`);
  return out.join('&');
}

/** `query` without the UI keys (`metric`, `speed`, `view`…): its configurations only. */
export function withoutUi(query) {
  return sharedNames().uiKeys.reduce((q, key) => withParam(q, key, null), query);
}

/** The UI settings of `query` (key → value), to carry over to another experiment. */
export function uiValues(query) {
  const ui = sharedNames().uiKeys;
  return new Map([...new URLSearchParams(query)].filter(([key]) => ui.includes(key)));
}

/**
 * A query from key → value, leaving out keys whose value equals `defaults` or is empty.
 * The engine canonicalises it afterwards, so order and spelling here do not matter.
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

/** The key prefix of configuration `index` (1–3: `b`, `c`, `d`). */
function prefixOf(index) {
  return sharedNames().letters[index].toLowerCase();
}

/**
 * A query that sets configuration `index` to `values` (key → value, every key) and keeps
 * everything else of `query`. Editing A keeps B–D's own differences, so they follow A in
 * every other key; editing B–D rewrites only that configuration.
 */
export function withConfig(query, index, values, defaults) {
  const out = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(query)) if (keyOwner(key) !== index) out.append(key, value);
  if (index === 0) {
    for (const [key, value] of new URLSearchParams(buildQuery(values, defaults))) out.append(key, value);
  } else {
    const prefix = prefixOf(index);
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
  const { letters, versionKey } = sharedNames();
  const out = new URLSearchParams(configs[0] || '');
  const a = queryValues(configs[0] || '');
  configs.slice(1, letters.length).forEach((query, i) => {
    const prefix = prefixOf(i + 1);
    const own = queryValues(query);
    out.append(prefix, '1');
    for (const key of new Set([...a.keys(), ...own.keys()])) {
      if (key === versionKey) continue;
      const value = own.has(key) ? own.get(key) : defaults.get(key);
      if (value !== undefined && value !== null) out.append(`${prefix}.${key}`, String(value));
    }
  });
  for (const [key, value] of ui) if (value !== undefined && value !== null && value !== '') out.set(key, value);
  return out.toString();
}

/**
 * What distinguishes each configuration, for legends: B–D list their own keys ("act=relu,
 * init=he"), A lists its values of the keys the others change (or its own non-default keys).
 * @param query canonical experiment query; @param count number of configurations
 * @param defaults key → default value (A's value of a key its query omits)
 * @param t the page's translator (i18n.js) for the words: "defaults", "same as A"
 */
export function describeConfigs(query, count, defaults, t) {
  const own = Array.from({ length: count }, () => []);
  const a = new Map();
  for (const [key, value] of new URLSearchParams(query)) {
    const owner = keyOwner(key);
    if (owner === 0) a.set(key, value);
    else if (owner > 0 && owner < count && key.includes('.')) own[owner].push([key.slice(2), value]);
  }
  const changed = new Set(own.flatMap((pairs) => pairs.map(([key]) => key)));
  own[0] = changed.size
    ? [...changed].map((key) => [key, a.get(key) ?? defaults.get(key) ?? t('describe.default')])
    : [...a];
  return own.map((pairs, i) => {
    if (pairs.length) return pairs.map(([key, value]) => `${key}=${value}`).join(', ');
    return i === 0 ? t('describe.defaults') : t('describe.same_as_a');
  });
}
