// The message catalogues (www/i18n/*.json) agree with each other, with the story's chapter
// table and with the pages that use them. No browser needed: these read the files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, CATALOGUES, placeholders, pickLanguage, format, translator, warningText } from '../../www/i18n.js';

const www = (path) => fileURLToPath(new URL(`../../www/${path}`, import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(www(path), 'utf8'));
/** Each part's catalogue per language: `parts.story.ko` is i18n/story/ko.json. */
const parts = Object.fromEntries(
  Object.entries(CATALOGUES).map(([part, files]) => [
    part,
    Object.fromEntries(LANGUAGES.map((lang) => [lang, readJson(files[lang])])),
  ]),
);
/** Every message of a language, all parts together. */
const catalogues = Object.fromEntries(
  LANGUAGES.map((lang) => [lang, Object.assign({}, ...Object.values(parts).map((p) => p[lang]))]),
);
const chapters = readJson('story/chapters.json').chapters;
const [reference, ...others] = LANGUAGES;

test('a page part holds only its own ids, and no message is in two parts', () => {
  for (const lang of LANGUAGES) {
    const total = Object.values(parts).reduce((n, p) => n + Object.keys(p[lang]).length, 0);
    assert.equal(Object.keys(catalogues[lang]).length, total, `${lang}: an id is in two files`);
  }
  for (const [part, byLang] of Object.entries(parts)) {
    if (part === 'shared') continue;
    for (const id of Object.keys(byLang.en)) assert.ok(id.startsWith(`${part}.`), `${id} in i18n/${part}/`);
  }
});

/** The pages' files (HTML and scripts under www/, the wasm glue aside), as text. */
function pageFiles(dir = '') {
  return readdirSync(www(dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return path === 'pkg' ? [] : pageFiles(path);
    return /\.(js|html)$/.test(entry.name) ? [path] : [];
  });
}

test('every page finds the ids it names in the catalogues it loads', () => {
  // story/ and story.html load the shared and the story messages; papers/ and papers.html the
  // shared and the papers messages; every other file only the shared ones.
  const pageOf = (path) =>
    Object.keys(CATALOGUES).find((part) => path === `${part}.html` || path.startsWith(`${part}/`));
  const quoted = /['"`]([a-z_]+(?:\.[a-z0-9_]+)+)['"`]/g;
  for (const path of pageFiles()) {
    const page = pageOf(path);
    const loaded = { ...parts.shared.en, ...(page ? parts[page].en : {}) };
    for (const [, id] of readFileSync(www(path), 'utf8').matchAll(quoted)) {
      const elsewhere = Object.keys(parts).find((part) => id in parts[part].en);
      if (elsewhere) assert.ok(id in loaded, `${path} names ${id}, which is in i18n/${elsewhere}/ only`);
    }
  }
});

test('every catalogue has the same message ids', () => {
  const ids = Object.keys(catalogues[reference]).sort();
  for (const lang of others) {
    const theirs = Object.keys(catalogues[lang]).sort();
    assert.deepEqual(
      theirs.filter((id) => !ids.includes(id)),
      [],
      `${lang} has ids that ${reference} lacks`,
    );
    assert.deepEqual(
      ids.filter((id) => !theirs.includes(id)),
      [],
      `${lang} lacks ids that ${reference} has`,
    );
  }
});

test('every message has the same placeholders in every language', () => {
  for (const [id, template] of Object.entries(catalogues[reference])) {
    for (const lang of others) {
      if (!(id in catalogues[lang])) continue;
      assert.deepEqual(placeholders(catalogues[lang][id]), placeholders(template), `${lang}: ${id}`);
    }
  }
});

test('no message is empty or left untranslated', () => {
  // Names and formulas may read the same in both languages; sentences may not.
  for (const lang of LANGUAGES) {
    for (const [id, text] of Object.entries(catalogues[lang])) {
      assert.ok(typeof text === 'string' && text.trim().length > 0, `${lang}: ${id} is empty`);
    }
  }
  for (const lang of others) {
    for (const [id, text] of Object.entries(catalogues[lang])) {
      if (text.split(' ').length > 3)
        assert.notEqual(text, catalogues[reference][id], `${lang}: ${id} is not translated`);
    }
  }
});

/** The claim ids of a chapter, split into single-seed and over-seeds ones. */
function claimIds(chapter) {
  const single = chapter.claims.filter((c) => !c.over_seeds).map((c) => c.id);
  const seeds = chapter.claims.filter((c) => c.over_seeds).map((c) => c.id);
  return { single, seeds };
}

test('every chapter has its messages, and they show exactly the checked numbers', () => {
  const messages = catalogues[reference];
  for (const chapter of chapters) {
    const key = (part) => `story.${chapter.id}.${part}`;
    for (const part of ['title', 'claim', 'setup', 'result']) assert.ok(key(part) in messages, key(part));
    const { single, seeds } = claimIds(chapter);
    assert.deepEqual(placeholders(messages[key('result')]), [...single].sort(), key('result'));
    if (seeds.length) {
      assert.deepEqual(placeholders(messages[key('seeds')]), [...seeds, 'n'].sort(), key('seeds'));
    } else {
      assert.ok(!(key('seeds') in messages), `${key('seeds')} without an over-seeds claim`);
    }
    if (chapter.predict) {
      assert.ok(key('question') in messages, key('question'));
      for (const option of chapter.predict.options)
        assert.ok(key(`option.${option.id}`) in messages, key(`option.${option.id}`));
    }
  }
});

test('story.html has no text outside the catalogues', () => {
  const html = readFileSync(www('story.html'), 'utf8')
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  // Elements filled from the catalogue (`data-i18n`) may hold a placeholder; strip them whole.
  const stripped = html.replace(/<(\w+)[^>]*\sdata-i18n="[^"]+"[^>]*>[\s\S]*?<\/\1>/g, '');
  const text = stripped.replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' ');
  assert.equal(text.replace(/\s+/g, ''), '', `hard-coded text: ${text.trim().slice(0, 200)}`);
  const attributes = [...stripped.matchAll(/\s(title|aria-label|placeholder|alt)="([^"]*)"/g)];
  assert.deepEqual(
    attributes.map((m) => m[0]),
    [],
    'user-visible attributes must use data-i18n-<attr>',
  );
});

test('the language comes from lang=, else the browser, else English', () => {
  assert.equal(pickLanguage('?lang=ko', ['en-US']), 'ko');
  assert.equal(pickLanguage('?lang=xx', ['ko-KR', 'en']), 'ko');
  assert.equal(pickLanguage('', ['fr-FR', 'en-GB']), 'en');
  assert.equal(pickLanguage('', ['fr-FR']), 'en');
  assert.equal(pickLanguage('?a=1&lang=en', ['ko']), 'en');
});

test('messages fill named placeholders and show missing ones', () => {
  assert.equal(format('step {step} of {steps}', { step: 3, steps: 10 }), 'step 3 of 10');
  assert.equal(format('{a} and {b}', { a: 1 }), '1 and {b}');
  assert.deepEqual(placeholders('{b} {a} {b} δ_{l+1}'), ['a', 'b']);
  const t = translator({ hello: '안녕 {name}' });
  assert.equal(t('hello', { name: 'ReLU' }), '안녕 ReLU');
  assert.equal(t('missing.id'), 'missing.id');
});

test('engine warnings read in the reader language, with the configuration letter', () => {
  const t = translator(catalogues.ko);
  const warning = { id: 'above_max', args: { key: 'width', value: '2000', bound: '1024' }, config: 'B', text: 'B: …' };
  assert.equal(warningText(t, warning), 'B: width=2000: 최댓값 1024보다 큽니다. 1024 사용');
  assert.equal(warningText(t, { ...warning, id: 'no_such_id' }), 'B: …');
  const en = translator(catalogues.en);
  assert.equal(warningText(en, { ...warning, config: null }), 'width=2000 is above the maximum 1024; using 1024');
});
