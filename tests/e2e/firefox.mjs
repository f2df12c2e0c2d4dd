// The end-to-end tests' browser in Firefox: Debian's firefox-esr driven over WebDriver BiDi by
// puppeteer-core, dressed in the small part of Playwright's API that the Firefox test files
// use, so they run unchanged in both browsers (browser.mjs picks this when
// GRADFALL_BROWSER=firefox). Playwright drives only its own patched Firefox, which cannot be
// downloaded here. A method this adapter lacks fails as "not a function", never silently.

import puppeteer, { customQueryHandlers } from 'puppeteer-core';

export const FIREFOX = process.env.GRADFALL_FIREFOX || '/usr/bin/firefox-esr';

/**
 * Playwright's CSS selectors, in which a descendant combinator also crosses into open shadow
 * roots (`#figure .card canvas` finds a canvas in #figure's shadow DOM): every match of
 * `selector` under `root`. Registered as puppeteer's query handler `deep/`, so it runs in the
 * page and must be self-contained.
 */
function deepQueryAll(root, selector) {
  const tokens = [];
  let [depth, quote, current] = [0, null, ''];
  for (const c of selector.trim()) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth += 1;
    else if (c === ')' || c === ']') depth -= 1;
    else if (depth === 0 && /\s/.test(c)) {
      if (current) tokens.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  if (current) tokens.push(current);
  // Compound selectors joined by descendant combinators; `>`, `+`, `~` keep theirs together.
  const parts = [];
  for (const token of tokens) {
    const joined = parts.length && (/^[>+~]/.test(token) || /[>+~]$/.test(parts[parts.length - 1]));
    if (joined) parts[parts.length - 1] += ` ${token}`;
    else parts.push(token);
  }
  const found = new Set();
  const search = (scope, rest) => {
    for (const el of scope.querySelectorAll(rest.join(' '))) found.add(el);
    for (let i = 1; i < rest.length; i++) {
      for (const host of scope.querySelectorAll(rest.slice(0, i).join(' '))) {
        if (host.shadowRoot) search(host.shadowRoot, rest.slice(i));
      }
    }
    for (const el of scope.querySelectorAll('*')) if (el.shadowRoot) search(el.shadowRoot, rest);
  };
  search(root, parts);
  return [...found];
}
customQueryHandlers.register('deep', { queryAll: deepQueryAll });
const deep = (selector) => `deep/${selector}`;

/** Playwright's key names that puppeteer's BiDi keyboard spells otherwise. */
const KEY_NAMES = { Space: ' ' };

/** What Playwright waits for by default, in milliseconds. */
const TIMEOUT = 30000;

/** The preferences that fix what the pages' media queries see (BiDi cannot emulate them per
 * page yet, so each combination gets its own browser, launched when first asked for). */
function mediaPrefs({ colorScheme, reducedMotion }) {
  const schemes = { dark: 0, light: 1 };
  const motions = { reduce: 1, 'no-preference': 0 };
  if (!(colorScheme in schemes) || !(reducedMotion in motions)) {
    throw new Error(`the Firefox adapter cannot show colorScheme ${colorScheme}, reducedMotion ${reducedMotion}`);
  }
  return {
    'layout.css.prefers-color-scheme.content-override': schemes[colorScheme],
    'ui.prefersReducedMotion': motions[reducedMotion],
  };
}

function launchWith(media) {
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      // No update checks or connectivity probes: the tests see only the page's requests.
      'app.update.enabled': false,
      'network.connectivity-service.enabled': false,
      ...mediaPrefs(media),
    },
  });
}

const DEFAULT_MEDIA = { colorScheme: 'light', reducedMotion: 'no-preference' };

export async function launchFirefox() {
  const browser = new FirefoxBrowser();
  await browser.instance(DEFAULT_MEDIA);
  return browser;
}

class FirefoxBrowser {
  constructor() {
    /** `colorScheme/reducedMotion` → the puppeteer Browser launched with those preferences. */
    this.instances = new Map();
  }

  instance(media) {
    const key = `${media.colorScheme}/${media.reducedMotion}`;
    if (!this.instances.has(key)) this.instances.set(key, launchWith(media));
    return this.instances.get(key);
  }

  /** A fresh user context (its own cookies and storage), like a Playwright context. */
  async newContext({ colorScheme = 'light', reducedMotion = 'no-preference', ...options } = {}) {
    const browser = await this.instance({ colorScheme, reducedMotion });
    return new FirefoxContext(await browser.createBrowserContext(), options);
  }

  async close() {
    for (const browser of this.instances.values()) await (await browser).close();
  }
}

class FirefoxContext {
  constructor(context, { viewport, deviceScaleFactor = 1 }) {
    this.context = context;
    this.viewport = viewport && { ...viewport, deviceScaleFactor };
    this.requestListeners = [];
    this.pages = [];
  }

  async newPage() {
    return this.adopt(await this.context.newPage());
  }

  /** Wrap a page of this context: its viewport and the context's request listeners. */
  async adopt(page) {
    if (this.viewport) await page.setViewport(this.viewport);
    for (const listener of this.requestListeners) page.on('request', listener);
    this.pages.push(page);
    return new FirefoxPage(page, this);
  }

  /** Only 'request' is offered, as in Playwright: it is heard on every page of the context. */
  on(event, listener) {
    if (event !== 'request') throw new Error(`the Firefox adapter has no context event '${event}'`);
    this.requestListeners.push(listener);
    for (const page of this.pages) page.on('request', listener);
  }

  /** Only 'page': the next page this context opens (a link with target=_blank). */
  waitForEvent(event) {
    if (event !== 'page') throw new Error(`the Firefox adapter cannot wait for '${event}'`);
    return new Promise((resolve, reject) => {
      const created = async (target) => {
        if (target.type() !== 'page') return;
        this.context.off('targetcreated', created);
        try {
          resolve(await this.adopt(await target.page()));
        } catch (error) {
          reject(error);
        }
      };
      this.context.on('targetcreated', created);
    });
  }

  close() {
    return this.context.close();
  }
}

/** What a Playwright page and frame share, over a puppeteer Page or Frame. */
class FirefoxFrame {
  constructor(target) {
    this.target = target;
  }

  evaluate(fn, arg) {
    return this.target.evaluate(fn, arg);
  }

  waitForFunction(fn, arg, { timeout = TIMEOUT, polling = 'raf' } = {}) {
    return this.target.waitForFunction(fn, { timeout, polling }, arg);
  }

  $eval(selector, fn, arg) {
    return this.target.$eval(deep(selector), fn, arg);
  }

  $$eval(selector, fn, arg) {
    return this.target.$$eval(deep(selector), fn, arg);
  }

  async $(selector) {
    const handle = await this.target.$(deep(selector));
    return handle && { contentFrame: async () => new FirefoxFrame(await handle.contentFrame()) };
  }

  waitForSelector(selector, { timeout = TIMEOUT } = {}) {
    return this.target.waitForSelector(deep(selector), { timeout });
  }

  /** Waits, as Playwright does, until the element is visible, enabled and still. */
  click(selector) {
    return this.target.locator(deep(selector)).setTimeout(TIMEOUT).click();
  }

  focus(selector) {
    return this.target.focus(deep(selector));
  }

  /** Set the value and fire 'input', as Playwright's fill does (no 'change'). */
  fill(selector, value) {
    return this.target.$eval(
      deep(selector),
      (el, v) => {
        el.focus();
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      },
      value,
    );
  }

  selectOption(selector, value) {
    return this.target.select(deep(selector), value);
  }

  dispatchEvent(selector, type) {
    return this.target.$eval(
      deep(selector),
      (el, t) => el.dispatchEvent(new Event(t, { bubbles: true, cancelable: true, composed: true })),
      type,
    );
  }

  inputValue(selector) {
    return this.target.$eval(deep(selector), (el) => el.value);
  }

  textContent(selector) {
    return this.target.$eval(deep(selector), (el) => el.textContent);
  }

  getAttribute(selector, name) {
    return this.target.$eval(deep(selector), (el, n) => el.getAttribute(n), name);
  }

  isDisabled(selector) {
    return this.target.$eval(deep(selector), (el) => el.disabled === true);
  }

  /** Playwright's visibility: a non-empty box and not `visibility: hidden`; absent is hidden. */
  isVisible(selector) {
    return this.target.$$eval(deep(selector), (els) => {
      const box = els[0]?.getBoundingClientRect();
      return Boolean(box && box.width > 0 && box.height > 0 && getComputedStyle(els[0]).visibility !== 'hidden');
    });
  }

  async isHidden(selector) {
    return !(await this.isVisible(selector));
  }
}

class FirefoxPage extends FirefoxFrame {
  constructor(page, context) {
    super(page);
    this.page = page;
    this.owner = context;
    this.keyboard = { press: (key) => page.keyboard.press(KEY_NAMES[key] ?? key) };
    this.mouse = page.mouse;
  }

  on(event, listener) {
    this.page.on(event, listener);
  }

  /**
   * Playwright's `waitUntil` ('load' by default, or 'domcontentloaded') and `timeout`, which
   * is twice Playwright's by default: a cold Firefox on a busy machine needs it.
   */
  async goto(url, { waitUntil = 'load', timeout = 2 * TIMEOUT } = {}) {
    if (!['load', 'domcontentloaded'].includes(waitUntil)) {
      throw new Error(`the Firefox adapter cannot wait until '${waitUntil}'`);
    }
    // Over BiDi, a freshly started Firefox now and then never reports its first navigation as
    // done (seen once in about ten runs of the stage, never on a page already open): one more
    // try, said aloud, before the test fails.
    try {
      return await this.page.goto(url, { waitUntil, timeout: timeout / 2 });
    } catch (error) {
      if (error?.name !== 'TimeoutError') throw error;
      process.stderr.write(`firefox: navigation to ${url} not done after ${timeout / 2} ms; trying again\n`);
      return this.page.goto(url, { waitUntil, timeout });
    }
  }

  url() {
    return this.page.url();
  }

  context() {
    return this.owner;
  }

  screenshot({ path }) {
    return this.page.screenshot({ path });
  }

  waitForTimeout(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  async waitForURL(pattern, { timeout = TIMEOUT } = {}) {
    const until = Date.now() + timeout;
    while (!pattern.test(this.page.url())) {
      if (Date.now() > until) throw new Error(`the URL ${this.page.url()} did not come to match ${pattern}`);
      await this.waitForTimeout(50);
    }
  }

  locator(selector) {
    return {
      scrollIntoViewIfNeeded: () =>
        this.page.$eval(deep(selector), (el) => {
          const box = el.getBoundingClientRect();
          if (box.top < 0 || box.bottom > window.innerHeight) el.scrollIntoView({ block: 'center' });
        }),
    };
  }

  /** Move the mouse over the element, at `position` from its top-left corner if given. */
  async hover(selector, { position } = {}) {
    await this.locator(selector).scrollIntoViewIfNeeded();
    const box = await (await this.page.$(deep(selector))).boundingBox();
    const at = position || { x: box.width / 2, y: box.height / 2 };
    await this.page.mouse.move(box.x + at.x, box.y + at.y);
  }
}
