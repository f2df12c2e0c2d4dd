// The end-to-end tests' browser in Firefox: Debian's firefox-esr driven over WebDriver BiDi by
// puppeteer-core, dressed in the small part of Playwright's API that the Firefox test files
// use, so they run unchanged in both browsers (browser.mjs picks this when
// GRADFALL_BROWSER=firefox). Playwright drives only its own patched Firefox, which cannot be
// downloaded here. A method this adapter lacks fails as "not a function", never silently.

import puppeteer from 'puppeteer-core';

export const FIREFOX = process.env.GRADFALL_FIREFOX || '/usr/bin/firefox-esr';

/** Playwright's key names that puppeteer's BiDi keyboard spells otherwise. */
const KEY_NAMES = { Space: ' ' };

/** What Playwright waits for by default, in milliseconds. */
const TIMEOUT = 30000;

export async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      // No update checks or connectivity probes: the tests see only the page's requests.
      'app.update.enabled': false,
      'network.connectivity-service.enabled': false,
      // What the pages' media queries see, fixed (BiDi cannot emulate them per page yet).
      'layout.css.prefers-color-scheme.content-override': 1,
      'ui.prefersReducedMotion': 0,
    },
  });
  return new FirefoxBrowser(browser);
}

class FirefoxBrowser {
  constructor(browser) {
    this.browser = browser;
  }

  /** A fresh user context (its own cookies and storage), like a Playwright context. */
  async newContext(options = {}) {
    return new FirefoxContext(await this.browser.createBrowserContext(), options);
  }

  close() {
    return this.browser.close();
  }
}

class FirefoxContext {
  constructor(context, { viewport, deviceScaleFactor = 1, colorScheme = 'light', reducedMotion = 'no-preference' }) {
    if (colorScheme !== 'light' || reducedMotion !== 'no-preference') {
      throw new Error('the Firefox adapter shows the light scheme with motion only (set at launch)');
    }
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
    return this.target.$eval(selector, fn, arg);
  }

  $$eval(selector, fn, arg) {
    return this.target.$$eval(selector, fn, arg);
  }

  async $(selector) {
    const handle = await this.target.$(selector);
    return handle && { contentFrame: async () => new FirefoxFrame(await handle.contentFrame()) };
  }

  waitForSelector(selector, { timeout = TIMEOUT } = {}) {
    return this.target.waitForSelector(selector, { timeout });
  }

  /** Waits, as Playwright does, until the element is visible, enabled and still. */
  click(selector) {
    return this.target.locator(selector).setTimeout(TIMEOUT).click();
  }

  focus(selector) {
    return this.target.focus(selector);
  }

  /** Set the value and fire 'input', as Playwright's fill does (no 'change'). */
  fill(selector, value) {
    return this.target.$eval(
      selector,
      (el, v) => {
        el.focus();
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      },
      value,
    );
  }

  selectOption(selector, value) {
    return this.target.select(selector, value);
  }

  dispatchEvent(selector, type) {
    return this.target.$eval(
      selector,
      (el, t) => el.dispatchEvent(new Event(t, { bubbles: true, cancelable: true, composed: true })),
      type,
    );
  }

  inputValue(selector) {
    return this.target.$eval(selector, (el) => el.value);
  }

  textContent(selector) {
    return this.target.$eval(selector, (el) => el.textContent);
  }

  getAttribute(selector, name) {
    return this.target.$eval(selector, (el, n) => el.getAttribute(n), name);
  }

  isDisabled(selector) {
    return this.target.$eval(selector, (el) => el.disabled === true);
  }

  /** Playwright's visibility: a non-empty box and not `visibility: hidden`; absent is hidden. */
  isVisible(selector) {
    return this.target.$$eval(selector, (els) => {
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

  goto(url) {
    return this.page.goto(url);
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
        this.page.$eval(selector, (el) => {
          const box = el.getBoundingClientRect();
          if (box.top < 0 || box.bottom > window.innerHeight) el.scrollIntoView({ block: 'center' });
        }),
    };
  }

  /** Move the mouse over the element, at `position` from its top-left corner if given. */
  async hover(selector, { position } = {}) {
    await this.locator(selector).scrollIntoViewIfNeeded();
    const box = await (await this.page.$(selector)).boundingBox();
    const at = position || { x: box.width / 2, y: box.height / 2 };
    await this.page.mouse.move(box.x + at.x, box.y + at.y);
  }
}
