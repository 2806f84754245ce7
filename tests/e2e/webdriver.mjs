// Firefox and WebKitGTK through W3C WebDriver (selenium-webdriver), behind the small part of
// playwright-core's Page API the shared scenarios use, so one scenario file drives all three
// engines. playwright-core cannot drive these stock builds: it needs its own patched ones.
//
// Each page is its own WebDriver session with its own driver process and a fresh profile
// (geckodriver serves one session at a time; a fresh profile gives each page its own
// localStorage, as a playwright context does).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const WEBKIT_BROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

function driverCommand(engine) {
  if (engine === 'firefox') {
    return [process.env.GECKODRIVER || join(process.env.HOME, '.cargo', 'bin', 'geckodriver'),
      (port) => ['--host', '127.0.0.1', '--port', String(port)]];
  }
  return [process.env.WEBKITWEBDRIVER || '/usr/bin/WebKitWebDriver',
    (port) => ['--host=127.0.0.1', `--port=${port}`]];
}

function capabilities(engine, root) {
  if (engine === 'firefox') {
    // The same binary and prefs (nothing reaches beyond loopback) as the wasm suites use.
    const wd = JSON.parse(readFileSync(join(root, 'webdriver.json'), 'utf8'));
    const opts = wd['moz:firefoxOptions'];
    return { browserName: 'firefox', 'moz:firefoxOptions': { ...opts, args: ['-headless'] } };
  }
  // WebKitGTK has no headless mode: test-e2e.sh runs this under xvfb-run.
  return {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: process.env.WEBKIT_BROWSER || WEBKIT_BROWSER, args: ['--automation'] },
  };
}

/** A "browser" with playwright's newContext()/close() shape; every context is a session. */
export function launchWebDriver(engine, { root, freePort, waitListening }) {
  const { Builder, Key } = require(join(process.env.TOOLS_NODE_MODULES || join(root, 'tools', 'node_modules'), 'selenium-webdriver'));
  const contexts = new Set();
  const newContext = async ({ viewport = { width: 1280, height: 800 } } = {}) => {
    const port = await freePort();
    const [bin, args] = driverCommand(engine);
    const child = spawn(bin, args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d) => { log = (log + d).slice(-4000); });
    await waitListening(port);
    let driver;
    try {
      driver = await new Builder().usingServer(`http://127.0.0.1:${port}`)
        .withCapabilities(capabilities(engine, root)).build();
    } catch (e) {
      child.kill('SIGKILL');
      throw new Error(`${engine}: no WebDriver session: ${e.message}\n${log}`);
    }
    const context = {
      page: null,
      async newPage() {
        this.page = new WebDriverPage(driver, Key, context);
        await this.page.setViewportSize(viewport);
        return this.page;
      },
      async close() {
        contexts.delete(context);
        await driver.quit().catch(() => {});
        await new Promise((ok) => {
          if (child.exitCode !== null) return ok();
          child.once('exit', ok);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        });
      },
      // Clipboard permissions are a Chromium-only part of the suite.
      async grantPermissions() {},
    };
    contexts.add(context);
    return context;
  };
  return {
    engine,
    newContext,
    async close() { for (const c of [...contexts]) await c.close(); },
  };
}

// Runs in the page: resolves a chain of steps {css, hasText, hasNotText, has, nth} to elements.
// hasText is matched like playwright: a string is a case-insensitive substring of the
// whitespace-normalised text, a RegExp ({source, flags}) is tested against it.
const RESOLVE = `
  const norm = (el) => (el.textContent || '').replace(/\\s+/g, ' ').trim();
  const matches = (el, t) => t == null ? true : typeof t === 'string'
    ? norm(el).toLowerCase().includes(t.replace(/\\s+/g, ' ').trim().toLowerCase())
    : new RegExp(t.source, t.flags).test(norm(el));
  const resolve = (steps, roots) => {
    for (const s of steps) {
      // A step without css filters the elements found so far (locator.filter()).
      let found = s.css == null ? [...roots] : [];
      if (s.css != null) for (const r of roots) for (const el of r.querySelectorAll(s.css)) if (!found.includes(el)) found.push(el);
      found = found.filter((el) => matches(el, s.hasText)
        && (s.hasNotText == null || !matches(el, s.hasNotText))
        && (s.has == null || resolve(s.has, [el]).length > 0));
      if (s.nth != null) found = found.length ? [found.at(s.nth)] : [];
      roots = found;
    }
    return roots;
  };
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== 'hidden';
`;

const textArg = (t) => (t instanceof RegExp ? { source: t.source, flags: t.flags } : t);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

class Locator {
  constructor(page, steps) { this.page = page; this.steps = steps; }

  locator(css, { hasText, hasNotText, has } = {}) {
    return new Locator(this.page, [...this.steps, {
      css, hasText: textArg(hasText), hasNotText: textArg(hasNotText), has: has?.steps,
    }]);
  }

  filter({ hasText, hasNotText, has } = {}) {
    return new Locator(this.page, [...this.steps, {
      css: null, hasText: textArg(hasText), hasNotText: textArg(hasNotText), has: has?.steps,
    }]);
  }

  first() { return this.nth(0); }
  last() { return this.nth(-1); }
  nth(n) {
    const last = this.steps.at(-1);
    return new Locator(this.page, [...this.steps.slice(0, -1), { ...last, nth: n }]);
  }

  /** Runs `body` in the page with `els` (the matches) in scope. */
  run(body, arg) {
    return this.page.driver.executeScript(
      `${RESOLVE}; const els = resolve(arguments[0], [document]); const arg = arguments[1]; ${body}`,
      this.steps, arg);
  }

  async count() { return this.run('return els.length;'); }

  async waitFor({ state = 'visible', timeout = this.page.timeout } = {}) {
    const check = {
      visible: 'return els.some(visible);', attached: 'return els.length > 0;',
      detached: 'return els.length === 0;', hidden: 'return !els.some(visible);',
    }[state];
    const until = Date.now() + timeout;
    for (;;) {
      if (await this.run(check)) return;
      if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${JSON.stringify(this.steps)} to be ${state}`);
      await sleep(100);
    }
  }

  /** The first match as a Selenium WebElement, waiting for it like playwright's actions do. */
  async element() {
    await this.waitFor({ state: 'visible' });
    const els = await this.run('return els.filter(visible);');
    if (els.length > 1 && this.steps.at(-1).nth == null) {
      throw new Error(`${els.length} elements match ${JSON.stringify(this.steps)} (strict mode)`);
    }
    return els[0];
  }

  async click() {
    const el = await this.element();
    await this.page.driver.executeScript('arguments[0].scrollIntoView({block: "center"})', el);
    await el.click();
  }

  async check() {
    const el = await this.element();
    if (!(await el.isSelected())) await el.click();
  }

  async fill(text) {
    // Like playwright's fill: set the value and fire `input` (no key events).
    const el = await this.element();
    await this.page.driver.executeScript(`
      const el = arguments[0];
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      el.focus();
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: arguments[1] }));
      el.dispatchEvent(new Event('change', { bubbles: true }));`, el, text);
  }

  // Keys go through the actions API to the focused element: WebKitWebDriver refuses
  // Element Send Keys inside a cross-origin frame ("Element is not focusable").
  async type(text) {
    await this.focus();
    await this.page.driver.actions().sendKeys(text).perform();
  }

  async press(key) {
    const K = this.page.Key;
    const names = { Enter: K.ENTER, Shift: K.SHIFT, Control: K.CONTROL, Escape: K.ESCAPE, Tab: K.TAB };
    const parts = key.split('+').map((k) => names[k] ?? k);
    await this.focus();
    let actions = this.page.driver.actions();
    for (const k of parts.slice(0, -1)) actions = actions.keyDown(k);
    actions = actions.sendKeys(parts.at(-1));
    for (const k of parts.slice(0, -1).reverse()) actions = actions.keyUp(k);
    await actions.perform();
  }

  async focus() {
    // A real click, not el.focus(): until the window and frame have had a click, WebKit drops
    // the first keys sent.
    const el = await this.element();
    if (!(await this.page.driver.executeScript('return document.activeElement === arguments[0];', el))) {
      await el.click();
    }
  }

  async selectOption(value) {
    const el = await this.element();
    await this.page.driver.executeScript(`
      const el = arguments[0]; el.value = arguments[1];
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));`, el, value);
  }

  async innerText() { await this.element(); return this.run('return els.filter(visible)[0].innerText;'); }
  async allInnerTexts() { return this.run('return els.map((e) => e.innerText);'); }
  async isVisible() { return this.run('return els.some(visible);'); }
  async inputValue() { await this.element(); return this.run('return els[0].value;'); }
  async getAttribute(name) { await this.waitFor({ state: 'attached' }); return this.run('return els[0].getAttribute(arg);', name); }
  async evaluate(fn, arg) {
    await this.waitFor({ state: 'attached' });
    return this.run(`return (${fn}).call(null, els[0], arg);`, arg);
  }
  async evaluateAll(fn, arg) { return this.run(`return (${fn}).call(null, els, arg);`, arg); }
}

// Collects uncaught errors and console.error calls in the page; read by pageErrors().
const ERROR_HOOK = `
  if (!window.__e2eErrors) {
    window.__e2eErrors = [];
    addEventListener('error', (e) => window.__e2eErrors.push(String(e.error || e.message)));
    addEventListener('unhandledrejection', (e) => window.__e2eErrors.push(String(e.reason)));
    const log = console.error.bind(console);
    console.error = (...a) => { window.__e2eErrors.push(a.map(String).join(' ')); log(...a); };
  }`;

class WebDriverPage {
  constructor(driver, Key, context) {
    this.driver = driver; this.Key = Key; this.ctx = context; this.timeout = 30000;
    this.errors = []; this.seenErrors = null;
  }

  context() { return this.ctx; }
  // pageerror/console listeners: errors are gathered in the page instead (ERROR_HOOK).
  on() {}

  /**
   * Makes the viewport (not the window) the given size: the window adds its own toolbars.
   * Neither window gets as narrow as a phone (Firefox stops at 500 px, MiniBrowser at about
   * 450), so a narrower page is shown in an iframe of exactly that size, at the window's top
   * left: the page's own viewport (innerWidth, media queries) is then the phone's.
   */
  async setViewportSize({ width, height }) {
    const win = this.driver.manage().window();
    await win.setRect({ width, height });
    for (let i = 0; i < 3; i++) {
      const [w, h] = await this.driver.executeScript('return [innerWidth, innerHeight];');
      if (w === width && h === height) return;
      const rect = await win.getRect();
      await win.setRect({ width: rect.width + width - w, height: rect.height + height - h });
    }
    const [w, h] = await this.driver.executeScript('return [innerWidth, innerHeight];');
    if (w < width || h < height) throw new Error(`${width}x${height}: the viewport stays ${w}x${h}`);
    this.frame = { width, height };
  }

  async goto(url) {
    if (!this.frame) return this.navigated(() => this.driver.get(url));
    const { width, height } = this.frame;
    const wrapper = '<!doctype html><style>body{margin:0}iframe{border:0;display:block}</style>'
      + `<iframe id="viewport" width="${width}" height="${height}" src="${url.replace(/"/g, '&quot;')}"></iframe>`;
    return this.navigated(() => this.driver.get(`data:text/html;charset=utf-8,${encodeURIComponent(wrapper)}`));
  }

  async reload() {
    if (!this.frame) return this.navigated(() => this.driver.navigate().refresh());
    return this.navigated(async () => {
      await this.driver.switchTo().defaultContent();
      // A cross-origin frame's location.reload() is not reachable from the wrapper: reassign src.
      await this.driver.executeScript('const f = document.getElementById("viewport"); f.src = f.src;');
    });
  }

  async navigated(go) {
    // The hook starts after the document loaded: errors thrown while it loads are not seen.
    if (this.seenErrors !== null) await this.drainErrors();
    await go();
    if (this.frame) await this.enterFrame();
    await this.driver.executeScript(ERROR_HOOK);
    this.seenErrors = 0;
  }

  async enterFrame() {
    await this.driver.switchTo().defaultContent();
    const el = await this.driver.findElement({ css: '#viewport' });
    await this.driver.switchTo().frame(el);
    const until = Date.now() + this.timeout;
    while (await this.driver.executeScript('return location.href === "about:blank" || document.readyState !== "complete";')) {
      if (Date.now() > until) throw new Error('the framed page did not load');
      await sleep(50);
    }
  }

  async drainErrors() {
    const errs = await this.driver.executeScript('return window.__e2eErrors || [];').catch(() => []);
    this.errors.push(...errs.slice(this.seenErrors).map((e) => new Error(e)));
    this.seenErrors = errs.length;
    return this.errors;
  }

  locator(css, opts) { return new Locator(this, []).locator(css, opts); }
  fill(css, text) { return this.locator(css).fill(text); }
  type(css, text) { return this.locator(css).type(text); }
  click(css) { return this.locator(css).click(); }
  press(css, key) { return this.locator(css).press(key); }
  selectOption(css, value) { return this.locator(css).selectOption(value); }
  inputValue(css) { return this.locator(css).inputValue(); }
  getAttribute(css, name) { return this.locator(css).getAttribute(name); }
  waitForTimeout(ms) { return sleep(ms); }
  async content() { return this.driver.getPageSource(); }
  async evaluate(fn, arg) { return this.driver.executeScript(`return (${fn}).call(null, arguments[0]);`, arg); }

  async screenshot({ path }) {
    let png;
    if (this.frame) {
      await this.driver.switchTo().defaultContent();
      png = await this.driver.findElement({ css: '#viewport' }).takeScreenshot();
      await this.driver.switchTo().frame(await this.driver.findElement({ css: '#viewport' }));
    } else {
      png = await this.driver.takeScreenshot();
    }
    writeFileSync(path, Buffer.from(png, 'base64'));
  }

  async close() { await this.ctx.close(); }
}
