// Messages in the reader's language. A catalogue per language (i18n/<lang>.json, and for a
// page's own messages i18n/<page>/<lang>.json) maps a message id to a template with named
// placeholders: "step {step} of {steps}". The language comes from the URL's `lang` key, else
// from the browser's languages, else English.

/** The languages with a catalogue, the first one being the fallback. */
export const LANGUAGES = ['en', 'ko'];

/** Placeholders in a template: `{name}` with a letter-first name of letters, digits, `_`. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * The language to show: `lang=` of `search` when it names a catalogue, else the first of
 * `preferred` (navigator.languages) whose primary tag has one, else English.
 */
export function pickLanguage(search, preferred = []) {
  const asked = new URLSearchParams(search).get('lang');
  if (asked && LANGUAGES.includes(asked)) return asked;
  for (const tag of preferred) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (LANGUAGES.includes(primary)) return primary;
  }
  return LANGUAGES[0];
}

/** The placeholder names of `template`, sorted, each once. */
export function placeholders(template) {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
}

/** `template` with each `{name}` replaced by `args[name]`; unknown names stay visible. */
export function format(template, args = {}) {
  return template.replace(PLACEHOLDER, (whole, name) => (name in args ? String(args[name]) : whole));
}

/**
 * A translator for `catalogue`: `t(id, args)` gives the formatted message, the id itself
 * when the catalogue lacks it (so a missing message shows, rather than an empty line).
 */
export function translator(catalogue) {
  return (id, args) => (Object.hasOwn(catalogue, id) ? format(catalogue[id], args) : id);
}

/**
 * Where each catalogue is, next to this module: the messages every page shares (the
 * playground's, the embed page's, the component's), and those only the story or the papers
 * page shows, so the playground does not download them. Written out whole, not built from the
 * language's name, so that `cargo xtask dist` sees the files and gives them hashed names.
 */
export const CATALOGUES = {
  shared: { en: './i18n/en.json', ko: './i18n/ko.json' },
  story: { en: './i18n/story/en.json', ko: './i18n/story/ko.json' },
  papers: { en: './i18n/papers/en.json', ko: './i18n/papers/ko.json' },
};

/** The catalogue of `lang` for `parts` (besides the shared one), merged into one. */
export async function loadCatalogue(lang, parts = []) {
  const load = async (part) => {
    const response = await fetch(new URL(CATALOGUES[part][lang], import.meta.url));
    if (!response.ok) throw new Error(`the ${lang} messages could not be loaded (${response.status})`);
    return response.json();
  };
  return Object.assign({}, ...(await Promise.all(['shared', ...parts].map(load))));
}

/**
 * The reader's language and its translator, from the page's URL and the browser's
 * languages, with the shared messages and those of `parts` (e.g. `['story']`); sets
 * <html lang>.
 */
export async function setUpLanguage(parts = []) {
  const lang = pickLanguage(window.location.search, navigator.languages || [navigator.language]);
  const t = translator(await loadCatalogue(lang, parts));
  document.documentElement.lang = lang;
  return { lang, t };
}

/** Light markup a message may hold: `**bold**` and `` `code` ``, nothing else. */
const MARKUP = /(\*\*[^*]+\*\*|`[^`]+`)/;

/**
 * Put `message` into `el` as text, `**bold**` as <b> and `` `code` `` as <code>. Built from
 * text nodes, never parsed as HTML.
 */
export function showMessage(el, message) {
  const parts = message.split(MARKUP).filter((part) => part !== '');
  el.replaceChildren(
    ...parts.map((part) => {
      const tag = part.startsWith('**') ? 'b' : part.startsWith('`') ? 'code' : null;
      if (!tag) return part;
      const node = document.createElement(tag);
      node.textContent = part.slice(tag === 'b' ? 2 : 1, tag === 'b' ? -2 : -1);
      return node;
    }),
  );
}

/** Fill every element with `data-i18n="id"` (text) or `data-i18n-<attr>="id"` (attribute). */
export function translatePage(root, t) {
  for (const el of root.querySelectorAll('[data-i18n]')) showMessage(el, t(el.dataset.i18n));
  for (const el of root.querySelectorAll('*')) {
    for (const { name, value } of [...el.attributes]) {
      if (name.startsWith('data-i18n-')) el.setAttribute(name.slice('data-i18n-'.length), t(value));
    }
  }
}

/** `url` with `lang` set, for links that keep the reader's language. */
export function withLanguage(url, lang) {
  const out = new URL(url, window.location.href);
  out.searchParams.set('lang', lang);
  return out.href;
}

/**
 * Links that keep the reader's language: each `link` gets `lang` added to its href when it
 * is followed, so a URL the page rewrote meanwhile is taken as it is then. `target()` gives
 * the address to go to (default: the link's own href).
 */
export function keepLanguage(link, lang, target = () => link.getAttribute('href')) {
  const update = () => {
    link.href = withLanguage(target(), lang);
  };
  update();
  for (const event of ['pointerdown', 'focus', 'click']) link.addEventListener(event, update);
}

/**
 * The language switch (a <nav> holding `a#lang-<code>` per language): each link opens the
 * current address in its language; the reader's is marked current.
 */
export function linkLanguageSwitch(lang) {
  for (const other of LANGUAGES) {
    const link = document.getElementById(`lang-${other}`);
    if (!link) continue;
    keepLanguage(link, other, () => window.location.href);
    if (other === lang) link.setAttribute('aria-current', 'true');
  }
}

/**
 * A configuration warning from the engine (`{id, args, config, text}`, see the core's
 * `warning` module) in the reader's language; its English text when the catalogue lacks it.
 */
export function warningText(t, warning) {
  const id = `warning.${warning.id}`;
  const message = t(id, warning.args);
  if (message === id) return warning.text;
  return warning.config ? t('warning.labelled', { label: warning.config, message }) : message;
}
