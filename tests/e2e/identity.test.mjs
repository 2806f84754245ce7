// Nicknames: the dev broker keeps one nickname to one person (browser); the app says so and
// offers a free one. The same person reloading or in a second tab is never locked out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appSuite, connectAs, joinRoom, say, shot,
} from './helpers.mjs';

const PHONE = { width: 390, height: 844 };
const suite = appSuite();
const { open, pages } = suite;

/** Tries to connect as `nick` and waits for the refusal on the form. */
async function refused(page, nick) {
  await page.fill('#nickname', nick);
  await page.click('#connect');
  await page.locator('#connect-failed').waitFor({ timeout: 15000 });
  return page.locator('#connect-failed').innerText();
}

test('a nickname in use is refused with a free one offered, which connects in one click', async () => {
  const nick = `ann-${Date.now().toString(36)}`;
  const ann = await open();
  await connectAs(ann, nick);
  const other = await open();
  assert.equal(await refused(other, nick.toUpperCase()),
    `The nickname “${nick.toUpperCase()}” is taken. Try “${nick.toUpperCase()}2”.`);
  assert.equal(await other.locator('#server-url').isVisible(), false,
    'a taken name is not about the server: its section stays closed');
  await shot(other, 'identity-taken-desktop-light');
  const offer = other.locator('#connect-free-nick');
  assert.equal(await offer.innerText(), `Connect as ${nick.toUpperCase()}2`);
  await offer.click();
  await other.locator('.status--ok').waitFor({ timeout: 15000 });
  assert.equal(await other.locator('.status__me').innerText(), `${nick.toUpperCase()}2`);

  // Each sees the other's words under the other's name, and only their own as "(you)".
  const room = `id-${Date.now().toString(36)}`;
  await joinRoom(ann, room);
  await joinRoom(other, room);
  await say(other, 'I am the second one');
  await ann.locator('.msg__text', { hasText: 'I am the second one' }).waitFor();
  const fromOther = ann.locator('.msg', { hasText: 'I am the second one' });
  assert.equal(await fromOther.locator('.msg__sender').innerText(), `${nick.toUpperCase()}2`);
  assert.equal(await ann.locator('.msg--own', { hasText: 'I am the second one' }).count(), 0);
  await other.context().close();
  pages.splice(pages.indexOf(other), 1);

  // The same person is never locked out: a second tab of the same browser, and a reload.
  const tab = await ann.context().newPage();
  await tab.goto(suite.broker.url);
  await tab.locator('.status--ok').waitFor({ timeout: 15000 });
  assert.equal(await tab.locator('.status__me').innerText(), nick, 'second tab, same nickname');
  await tab.close();
  await ann.reload();
  await ann.locator('.status--ok').waitFor({ timeout: 15000 });
  assert.equal(await ann.locator('#connect-failed').count(), 0);
});

test('the refusal in Russian, on a phone, dark', async () => {
  const nick = `пётр-${Date.now().toString(36)}`;
  const first = await open();
  await connectAs(first, nick);
  const page = await open({ ...PHONE, locale: 'ru-RU', colorScheme: 'dark' });
  assert.equal(await refused(page, nick), `Имя «${nick}» уже занято. Попробуйте «${nick}2».`);
  assert.equal(await page.locator('#connect-free-nick').innerText(), `Войти как ${nick}2`);
  await shot(page, 'identity-taken-phone-dark-ru');
  const light = await open({ ...PHONE, colorScheme: 'light' });
  await refused(light, nick);
  await shot(light, 'identity-taken-phone-light');
});
