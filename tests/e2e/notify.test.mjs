// Desktop notifications: off by default, turned on by a click (the permission is asked on
// it), only while the tab is hidden, for private messages and @mentions, never for one's
// own, one per message; clicking one opens the conversation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, sharedBroker, openApp, connectAs, joinRoom, say, shot } from './helpers.mjs';

let browser, broker;

before(async () => {
  broker = await sharedBroker();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await broker?.stop();
});

/** Records every Notification the page constructs instead of showing it. */
function recordNotifications() {
  const Real = window.Notification;
  window.__notes = [];
  class Recorded {
    constructor(title, options = {}) {
      this.title = title;
      this.body = options.body;
      this.tag = options.tag;
      this.onclick = null;
      window.__notes.push(this);
    }
    close() { this.closed = true; }
    static get permission() { return Real.permission; }
    static requestPermission(...a) { window.__asked = (window.__asked || 0) + 1; return Real.requestPermission(...a); }
  }
  window.Notification = Recorded;
}

async function setHidden(page, hidden) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

const notes = (page) => page.evaluate(() => window.__notes.map((n) => ({ title: n.title, body: n.body })));

async function openBob(opts = {}) {
  const bob = await openApp(browser, broker.url, opts);
  await bob.context().grantPermissions(['notifications'], { origin: broker.url });
  await bob.addInitScript(recordNotifications);
  await bob.reload();
  await bob.locator('#nickname').waitFor();
  return bob;
}

test('private messages and mentions notify while hidden, once each, only when turned on', async () => {
  const tag = Date.now().toString(36);
  const [annNick, bobNick, room] = [`ann-${tag}`, `bob-${tag}`, `n-${tag}`];
  const ann = await openApp(browser, broker.url);
  const bob = await openBob();
  await connectAs(ann, annNick);
  await connectAs(bob, bobNick);
  await joinRoom(ann, room);
  await joinRoom(bob, room);

  const bell = bob.locator('#toggle-notify');
  assert.equal(await bell.getAttribute('aria-pressed'), 'false', 'off by default');
  await setHidden(bob, true);
  await ann.click(`.presence__dm[aria-label$=": ${bobNick}"]`);
  await say(ann, 'private while off');
  await bob.waitForFunction(() => document.title.startsWith('(1)'));
  assert.deepEqual(await notes(bob), [], 'nothing while turned off');
  await setHidden(bob, false);

  await bell.click();
  await bob.waitForFunction(() => document.querySelector('#toggle-notify')?.getAttribute('aria-pressed') === 'true');
  await shot(bob, 'notify-on-desktop-light');

  // Shown: nothing.
  await ann.locator('.rooms__select', { hasText: `#${room}` }).click();
  await say(ann, `@${bobNick} while you look`);
  await bob.locator('.msg__text', { hasText: 'while you look' }).waitFor();
  assert.deepEqual(await notes(bob), [], 'nothing while the tab shows');

  await setHidden(bob, true);
  await say(ann, 'plain words for the room');
  await say(ann, `hey @${bobNick}, look`);
  await say(ann, `@${bobNick}x is not you`);
  await ann.locator('.rooms__select', { hasText: `@${bobNick}` }).click();
  await say(ann, 'a secret for bob');
  await say(bob, `my own words, @${bobNick}`);
  await bob.waitForFunction(() => window.__notes.length >= 2);
  await bob.waitForTimeout(500);
  assert.deepEqual(await notes(bob), [
    { title: `${annNick} in #${room}`, body: `hey @${bobNick}, look` },
    { title: `${annNick} (private)`, body: 'a secret for bob' },
  ]);

  // Clicking the private one opens that conversation.
  await bob.evaluate(() => window.__notes[1].onclick());
  await bob.locator('.chat__title', { hasText: `@${annNick}` }).waitFor();
  assert.equal(await bob.evaluate(() => window.__notes[1].closed), true);

  // Turned off again: nothing more.
  await setHidden(bob, false);
  await bell.click();
  await setHidden(bob, true);
  await say(ann, 'after turning off');
  await bob.locator('.msg__text', { hasText: 'after turning off' }).waitFor();
  await bob.waitForTimeout(300);
  assert.equal((await notes(bob)).length, 2);
  assert.deepEqual([...ann.errors, ...bob.errors].map(String), []);
  await ann.context().close();
  await bob.context().close();
});

test('the bell in Russian on a phone, dark', async () => {
  const bob = await openBob({ width: 390, height: 844, locale: 'ru-RU', colorScheme: 'dark' });
  await connectAs(bob, `боб-${Date.now().toString(36)}`);
  const bell = bob.locator('#toggle-notify');
  assert.match(await bell.getAttribute('aria-label'), /^Уведомления/);
  await bell.click();
  await bob.waitForFunction(() => document.querySelector('#toggle-notify')?.getAttribute('aria-pressed') === 'true');
  await shot(bob, 'notify-on-phone-dark-ru');
  await bob.context().close();
});
