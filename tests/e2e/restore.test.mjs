// A reload brings back what the person had: connected without a click, the rooms, the
// conversation being read, private conversations with their messages, and the drafts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appSuite, freePort, openApp, connectAs, joinRoom, say, messages, shot,
} from './helpers.mjs';

const PHONE = { width: 390, height: 844 };
const suite = appSuite();
const { open, pages } = suite;

/** Reloads and waits for the chat, failing if the connect button had to be pressed. */
async function reload(page) {
  await page.reload();
  try {
    await page.locator('.status--ok').waitFor({ timeout: 15000 });
  } catch (e) {
    await shot(page, 'restore-reload-failed');
    throw e;
  }
}

/** The composer shows `text`: it is filled in just after the room is drawn. */
async function draftIs(page, text, what) {
  try {
    await page.waitForFunction((t) => document.querySelector('#composer-text')?.value === t, text,
      { timeout: 3000 });
  } catch {
    assert.equal(await page.inputValue('#composer-text'), text, what);
  }
}

const select = (page, label) => page.locator('.rooms__select', { hasText: label }).click();

test('reload: connected again without a click, same room, private history and drafts', async () => {
  const tag = Date.now().toString(36);
  const [annNick, bobNick, side] = [`ann-${tag}`, `bob-${tag}`, `side-${tag}`];
  const ann = await open();
  const bob = await open();
  await connectAs(ann, annNick);
  await connectAs(bob, bobNick);

  // A private exchange, started by bob from #general's people list.
  await bob.click(`.presence__dm[aria-label$=": ${annNick}"]`);
  await bob.locator('.chat__title', { hasText: `@${annNick}` }).waitFor();
  await say(bob, 'psst, ann');
  await select(ann, `@${bobNick}`);
  await ann.locator('.msg__text', { hasText: 'psst, ann' }).waitFor();
  await say(ann, 'hi bob, privately');
  await bob.locator('.msg__text', { hasText: 'hi bob, privately' }).waitFor();
  await ann.locator('.msg--own .msg__status--delivered').waitFor();

  // A draft in the private conversation, another in the side room; the last room joined
  // is not the one being read.
  await ann.fill('#composer-text', 'half a thought for bob');
  await joinRoom(ann, side);
  await ann.fill('#composer-text', 'draft in the side room');
  await select(ann, '#general');
  await ann.locator('.chat__title', { hasText: '#general' }).waitFor();
  await draftIs(ann, '', 'no draft in #general');
  await select(bob, '#general');
  const system = (text) => bob.locator('.msg-system', { hasText: text }).count();
  const joinedBefore = await system(`${annNick} joined`);

  await reload(ann);
  assert.equal(await ann.locator('#connect').count(), 0, 'no connect form');
  await ann.locator('.chat__title', { hasText: '#general' }).waitFor();
  assert.equal(await ann.locator('.chat__title').innerText(), '#general', 'the room being read');
  for (const room of ['#general', `#${side}`, `@${bobNick}`]) {
    assert.equal(await ann.locator('.rooms__select', { hasText: room }).count(), 1, `${room} kept`);
  }
  await shot(ann, 'restore-desktop-light');
  // For bob, ann never left: no "left"/"joined" pair for a reload (the dev broker waits
  // before announcing a departure without goodbye).
  await say(ann, 'back from a reload');
  await bob.locator('.msg__text', { hasText: 'back from a reload' }).waitFor();
  assert.equal(await system(`${annNick} left`), 0, 'no "left" line for a reload');
  assert.equal(await system(`${annNick} joined`), joinedBefore, 'no new "joined" line');
  await select(bob, `@${annNick}`);

  await select(ann, `@${bobNick}`);
  await ann.locator('.chat__title', { hasText: `@${bobNick}` }).waitFor();
  assert.deepEqual(await messages(ann), ['psst, ann', 'hi bob, privately'], 'private history, once each');
  assert.equal(await ann.locator('.msg--own .msg__sender', { hasText: annNick }).count(), 1, 'own stays own');
  await draftIs(ann, 'half a thought for bob');
  await select(ann, `#${side}`);
  await ann.locator('.chat__title', { hasText: `#${side}` }).waitFor();
  await draftIs(ann, 'draft in the side room');

  // The restored conversation goes on both ways.
  await select(ann, `@${bobNick}`);
  await say(ann, 'still here after a reload');
  await bob.locator('.msg__text', { hasText: 'still here after a reload' }).waitFor();
  await say(bob, 'welcome back');
  await ann.locator('.msg__text', { hasText: 'welcome back' }).waitFor();
  assert.deepEqual(await messages(ann),
    ['psst, ann', 'hi bob, privately', 'still here after a reload', 'welcome back']);

  // Signing out is remembered: the next reload shows the form, nickname kept.
  await ann.click('#disconnect');
  await ann.locator('#nickname').waitFor();
  await ann.reload();
  await ann.locator('#nickname').waitFor();
  await ann.waitForTimeout(500);
  assert.equal(await ann.locator('#connect').count(), 1, 'the form, not a connection');
  assert.equal(await ann.inputValue('#nickname'), annNick);
});

test('reload on a phone, in Russian and dark: back in the conversation being read', async () => {
  const tag = Date.now().toString(36);
  const page = await open({ ...PHONE, locale: 'ru-RU', colorScheme: 'dark' });
  await connectAs(page, `pia-${tag}`);
  await joinRoom(page, `phone-${tag}`);
  await say(page, 'before the reload');
  await page.locator('.msg__text', { hasText: 'before the reload' }).waitFor();
  await page.fill('#composer-text', 'unsent words');
  await reload(page);
  await page.locator('.chat__title', { hasText: `#phone-${tag}` }).waitFor();
  await draftIs(page, 'unsent words');
  await shot(page, 'restore-phone-dark-ru');
});

test('a failed automatic connection lands on the form with the error', async () => {
  const page = await open();
  await connectAs(page, `fay-${Date.now().toString(36)}`);
  // The saved server goes away (a URL nothing listens on) before the reload.
  const nowhere = `ws://127.0.0.1:${await freePort()}/ws`;
  await page.evaluate((url) => {
    const s = JSON.parse(localStorage.getItem('stomp-chat.settings'));
    s.url = url;
    localStorage.setItem('stomp-chat.settings', JSON.stringify(s));
  }, nowhere);
  await page.reload();
  // Unreachable: the app retries; whether it gives up or not, the way back is one click.
  await page.locator('.status--warn, #connect-failed').first().waitFor({ timeout: 20000 });
  if (await page.locator('#disconnect').count()) await page.click('#disconnect');
  await page.locator('#nickname').waitFor();
  assert.equal(await page.inputValue('#server-url'), nowhere);
  page.errors = page.errors.filter((e) => !/ERR_CONNECTION_REFUSED/.test(String(e)));
});
