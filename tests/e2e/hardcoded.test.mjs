// No user-visible string is written outside the message catalogues (www/i18n/*.json). A
// static scan, no browser: every page's HTML and every script of www/ (the wasm bindings
// aside). What counts as shown to the reader:
//
// - HTML: text nodes, and the attributes title, aria-label, placeholder, alt, data-label and
//   a description meta's content, unless the element (or, for text, an ancestor) is filled
//   from the catalogue (`data-i18n`, `data-i18n-<attribute>`). <noscript> is exempt: with
//   no script there is no catalogue to read, so it says its one sentence in both languages.
// - JavaScript: string and template literals that reach textContent, innerText, title,
//   placeholder, alt, label, ariaLabel (assigned); markup written by innerHTML, outerHTML or
//   insertAdjacentHTML (read as HTML, as the pages are); fillText, strokeText; setAttribute of
//   a shown attribute; append, prepend, replaceChildren, before, after, createTextNode; alert,
//   confirm, prompt; new Option; a chart's emptyMessage; object properties named text, title,
//   label, xLabel, yLabel, message, heading, caption, placeholder, aria-label; and, through a
//   file's own functions, what they return and the arguments they show.
//
// A literal is shown text when it holds two Latin letters in a row or any Hangul and is not a
// message id (`chart.depth.title`, or a template such as `key.${name}.label`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
/** Generated bindings, not ours to translate. */
const SKIP = /^pkg(-[a-z]+)?\//;

function filesOf(dir, ext) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesOf(path, ext);
    return path.endsWith(ext) && !SKIP.test(relative(WWW, path)) ? [path] : [];
  });
}

const MESSAGE_ID = /^[a-z][a-z0-9_]*(\.[A-Za-z0-9_-]+)+$/;
const WORDY = /[A-Za-z]{2}|[\uAC00-\uD7A3]/;

/** Whether `text` (a literal's static text) would show words to the reader. */
export function isShownText(text) {
  return WORDY.test(text) && !MESSAGE_ID.test(text.trim());
}

// --- HTML ---------------------------------------------------------------------------------

const SHOWN_ATTRIBUTES = ['title', 'aria-label', 'placeholder', 'alt', 'data-label'];
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'wbr']);

function attributesOf(source) {
  const out = new Map();
  for (const m of source.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g)) {
    out.set(m[1].toLowerCase(), (m[2] || '').replace(/^["']|["']$/g, ''));
  }
  return out;
}

/** Every piece of hard-coded text in `html`: [{where, text}]. */
export function hardCodedInHtml(html) {
  const found = [];
  const cleaned = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<!doctype[^>]*>/i, '');
  const stack = []; // {tag, filled}
  for (const m of cleaned.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|([^<]+)/g)) {
    const [, closing, rawTag, rest, text] = m;
    if (text !== undefined) {
      const words = text.replace(/&[a-z]+;|&#\d+;/g, ' ');
      if (!stack.some((e) => e.filled) && isShownText(words)) found.push({ where: 'text', text: words.trim() });
      continue;
    }
    const tag = rawTag.toLowerCase();
    if (closing) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      continue;
    }
    const attributes = attributesOf(rest);
    const shown = [...SHOWN_ATTRIBUTES];
    if (tag === 'meta' && attributes.get('name') === 'description') shown.push('content');
    for (const name of shown) {
      const value = attributes.get(name);
      if (value && isShownText(value) && !attributes.has(`data-i18n-${name}`)) {
        found.push({ where: `<${tag} ${name}>`, text: value });
      }
    }
    if (!VOID.has(tag) && !rest.trim().endsWith('/')) stack.push({ tag, filled: attributes.has('data-i18n') });
  }
  return found;
}

// --- JavaScript ---------------------------------------------------------------------------

const SHOWN_PROPERTIES = new Set(['textContent', 'innerText', 'title', 'placeholder', 'alt', 'label', 'ariaLabel']);
const DRAWING_CALLS = new Set(['fillText', 'strokeText']);
const CHILD_CALLS = new Set(['append', 'prepend', 'replaceChildren', 'before', 'after', 'createTextNode']);
const DIALOGS = new Set(['alert', 'confirm', 'prompt']);
const SHOWN_KEYS = new Set([
  'text',
  'title',
  'label',
  'xLabel',
  'yLabel',
  'message',
  'heading',
  'caption',
  'placeholder',
  'aria-label',
]);
const SHOWN_SET_ATTRIBUTE = new Set([
  'aria-label',
  'title',
  'placeholder',
  'alt',
  'aria-description',
  'aria-valuetext',
]);
/** Calls whose result is built from their receiver and arguments: look inside. */
const PASS_THROUGH = new Set(['join', 'concat', 'trim']);

const nameOf = (node) =>
  node && (node.type === 'Identifier' ? node.name : node.type === 'Literal' ? String(node.value) : null);
const propertyName = (member) =>
  member.type === 'MemberExpression' && !member.computed ? nameOf(member.property) : null;

/**
 * The literal texts that flow into `node` as shown text: [{text, node}]. A call of a
 * function of the same file is followed into what it returns (`locals`: name → returned
 * expressions).
 */
function literalsIn(node, locals, out = [], seen = new Set()) {
  const into = (child) => literalsIn(child, locals, out, seen);
  if (!node) return out;
  switch (node.type) {
    case 'Literal':
      if (typeof node.value === 'string' && isShownText(node.value)) out.push({ text: node.value, node });
      break;
    case 'TemplateLiteral': {
      const pattern = node.quasis.map((q) => q.value.cooked).join('x');
      if (!MESSAGE_ID.test(pattern)) {
        const text = node.quasis.map((q) => q.value.cooked).join(' ');
        if (isShownText(text)) out.push({ text, node });
      }
      node.expressions.forEach(into);
      break;
    }
    case 'ConditionalExpression':
      into(node.consequent);
      into(node.alternate);
      break;
    case 'LogicalExpression':
    case 'BinaryExpression':
      into(node.left);
      into(node.right);
      break;
    case 'ArrayExpression':
      node.elements.forEach(into);
      break;
    case 'CallExpression': {
      if (PASS_THROUGH.has(propertyName(node.callee))) {
        into(node.callee.object);
        node.arguments.forEach(into);
      }
      const local = node.callee.type === 'Identifier' ? node.callee.name : null;
      if (local && locals.has(local) && !seen.has(local)) {
        seen.add(local);
        locals.get(local).returns.forEach(into);
      }
      break;
    }
    default:
      break;
  }
  return out;
}

/** The expressions of `node` (one AST node) that reach the reader. */
function shownExpressions(node) {
  switch (node.type) {
    case 'AssignmentExpression':
      return SHOWN_PROPERTIES.has(propertyName(node.left)) ? [node.right] : [];
    case 'CallExpression': {
      const method = propertyName(node.callee);
      const fn = node.callee.type === 'Identifier' ? node.callee.name : method;
      if (DRAWING_CALLS.has(method)) return node.arguments.slice(0, 1);
      if (CHILD_CALLS.has(method)) return node.arguments;
      if (DIALOGS.has(fn)) return node.arguments.slice(0, 1);
      if (fn === 'emptyMessage') return node.arguments.slice(-1);
      if (method === 'setAttribute' && SHOWN_SET_ATTRIBUTE.has(nameOf(node.arguments[0]))) {
        return node.arguments.slice(1, 2);
      }
      return [];
    }
    case 'NewExpression':
      return nameOf(node.callee) === 'Option' ? node.arguments.slice(0, 1) : [];
    case 'Property':
      return SHOWN_KEYS.has(nameOf(node.key)) ? [node.value] : [];
    default:
      return [];
  }
}

function walk(node, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
    if (Array.isArray(value)) value.forEach((child) => walk(child, visit));
    else if (value && typeof value === 'object') walk(value, visit);
  }
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** What a function returns: its expression body, or its return statements' arguments. */
function returnsOf(fn) {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const out = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (node !== fn && FUNCTIONS.has(node.type)) return;
    if (node.type === 'ReturnStatement') out.push(node.argument);
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && value.type) visit(value);
    }
  };
  visit(fn);
  return out;
}

/** Identifiers that `node` passes on as they are (through ?:, ||, +, templates). */
function identifiersIn(node, out = []) {
  if (!node) return out;
  if (node.type === 'Identifier') out.push(node.name);
  else if (node.type === 'ConditionalExpression')
    [node.consequent, node.alternate].forEach((n) => identifiersIn(n, out));
  else if (node.type === 'LogicalExpression' || node.type === 'BinaryExpression') {
    identifiersIn(node.left, out);
    identifiersIn(node.right, out);
  } else if (node.type === 'TemplateLiteral') node.expressions.forEach((n) => identifiersIn(n, out));
  return out;
}

/** The positions of `fn`'s parameters that its body shows to the reader as they are. */
function shownParameters(fn) {
  const names = fn.params.map((p) => (p.type === 'Identifier' ? p.name : null));
  const shown = new Set();
  walk(fn.body, (node) => {
    for (const expression of shownExpressions(node)) {
      for (const name of identifiersIn(expression)) if (names.includes(name)) shown.add(names.indexOf(name));
    }
  });
  return shown;
}

/**
 * The functions a file names (declared, or bound to a const): name → {returns: the
 * expressions it returns, shows: the positions of the parameters it shows}.
 */
function localFunctions(ast) {
  const locals = new Map();
  const add = (name, fn) => locals.set(name, { returns: returnsOf(fn), shows: shownParameters(fn) });
  walk(ast, (node) => {
    if (node.type === 'FunctionDeclaration' && node.id) add(node.id.name, node);
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && FUNCTIONS.has(node.init?.type)) {
      add(node.id.name, node.init);
    }
  });
  return locals;
}

/** The arguments of a call of a local function that the function shows. */
function shownArguments(node, locals) {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return [];
  const local = locals.get(node.callee.name);
  return local ? node.arguments.filter((_, i) => local.shows.has(i)) : [];
}

const HTML_PROPERTIES = new Set(['innerHTML', 'outerHTML']);

/** Markup a script writes (innerHTML, outerHTML, insertAdjacentHTML): [{text, node}] of its words. */
function htmlWords(node) {
  let markup = null;
  if (node.type === 'AssignmentExpression' && HTML_PROPERTIES.has(propertyName(node.left))) markup = node.right;
  if (node.type === 'CallExpression' && propertyName(node.callee) === 'insertAdjacentHTML') markup = node.arguments[1];
  if (!markup) return [];
  const literals = [];
  walk(markup, (n) => {
    if (n.type === 'Literal' && typeof n.value === 'string') literals.push({ html: n.value, node: n });
    if (n.type === 'TemplateLiteral') literals.push({ html: n.quasis.map((q) => q.value.cooked).join(' '), node: n });
  });
  return literals.flatMap(({ html, node: at }) => hardCodedInHtml(html).map((f) => ({ text: f.text, node: at })));
}

/** Every hard-coded shown string of the script `source`: [{line, text}]. */
export function hardCodedInScript(source) {
  const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  const locals = localFunctions(ast);
  const found = [];
  walk(ast, (node) => {
    for (const { text, node: at } of htmlWords(node)) found.push({ line: at.loc.start.line, text });
    for (const expression of [...shownExpressions(node), ...shownArguments(node, locals)]) {
      for (const { text, node: at } of literalsIn(expression, locals)) found.push({ line: at.loc.start.line, text });
    }
  });
  return found;
}

// --- the tests ----------------------------------------------------------------------------

const report = (file, list) =>
  list.map((f) => `${relative(WWW, file)}:${f.line ?? f.where}: ${JSON.stringify(f.text)}`);

test('no page has text or a shown attribute outside the catalogues', () => {
  const pages = filesOf(WWW, '.html');
  assert.ok(pages.length >= 3, 'the pages were found');
  const found = pages.flatMap((file) => report(file, hardCodedInHtml(readFileSync(file, 'utf8'))));
  assert.deepEqual(found, []);
});

test('no script shows a string literal outside the catalogues', () => {
  const scripts = filesOf(WWW, '.js');
  assert.ok(scripts.length >= 30, 'the scripts were found');
  const found = scripts.flatMap((file) => report(file, hardCodedInScript(readFileSync(file, 'utf8'))));
  assert.deepEqual(found, []);
});

test('the scan catches what it is meant to catch', () => {
  const caught = (source) => hardCodedInScript(source).map((f) => f.text);
  assert.deepEqual(caught("el.textContent = 'Play';"), ['Play']);
  assert.deepEqual(caught('ctx.fillText(`layer ${n}`, 0, 0);'), ['layer  ']);
  assert.deepEqual(caught('const note = (n) => `${n} KB`; el.textContent = note(2);'), ['  KB']);
  assert.deepEqual(caught("function f() { return 'Done'; } el.textContent = f();"), ['Done']);
  // A helper that shows one of its parameters: literal arguments in that place are shown.
  const helper = 'function el(tag, cls, text) { const n = make(tag); n.textContent = text; return n; }';
  assert.deepEqual(caught(`${helper} el('p', 'lede', 'Hello'); el('p', 'x', t('a.b'));`), ['Hello']);
  assert.deepEqual(caught("b.setAttribute('aria-label', ok ? 'Open' : say('x.y'));"), ['Open']);
  assert.deepEqual(caught("items.push({ text: 'earlier steps' });"), ['earlier steps']);
  assert.deepEqual(caught("alert('재생');"), ['재생']);
  // Markup is read as HTML: its text and shown attributes count, its tags do not.
  assert.deepEqual(caught('host.innerHTML = `<div class="bar"><button class="play"></button></div>`;'), []);
  assert.deepEqual(caught('host.innerHTML = `<p>Loading ${n}</p><a title="Open"></a>`;'), ['Loading', 'Open']);
  assert.deepEqual(caught("new Option('auto', 'auto');"), ['auto']);
  assert.deepEqual(caught("el.title = ['Run', 'now'].join(' ');"), ['Run', 'now']);
  // Message ids, values without words and the translator's results pass.
  assert.deepEqual(caught("el.textContent = say('chart.axis.step'); el.title = t(`key.${k}.help`);"), []);
  assert.deepEqual(caught('ctx.fillText(`${v * 100}%`, 0, 0); el.textContent = String(n);'), []);
  assert.deepEqual(caught("const spec = { title: 'chart.depth.title', label: `chart.${v}.label` };"), []);
  const html = (source) => hardCodedInHtml(source).map((f) => f.text);
  assert.deepEqual(html('<p>Hello <b data-i18n="x.y">Bold</b></p>'), ['Hello']);
  assert.deepEqual(html('<button title="Go" data-i18n="a.b">Go</button>'), ['Go']);
  assert.deepEqual(html('<button title="Go" data-i18n-title="a.t" data-i18n="a.b">Go</button>'), []);
  assert.deepEqual(html('<p data-i18n="a.b">Fallback <code>x=1</code></p><noscript>No JS</noscript>'), []);
  assert.deepEqual(html('<meta name="description" content="A live experiment">'), ['A live experiment']);
});
