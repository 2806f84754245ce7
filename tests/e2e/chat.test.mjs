// Two people chat through the dev broker (Spring semantics) in real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, sharedBroker, openApp, openServer, connectAs, joinRoom, say, messages, shot, ARTIFACTS,
} from './helpers.mjs';

let browser, broker, ann, bob;
const room = `e2e-${Date.now().toString(36)}`;

before(async () => {
  broker = await sharedBroker();
  browser = await launch();
  ann = await openApp(browser, broker.url);
  bob = await openApp(browser, broker.url);
  await connectAs(ann, 'ann', { login: 'ann', passcode: 's3cret-pass' });
  await connectAs(bob, 'bob');
  await joinRoom(ann, room);
  await joinRoom(bob, room);
});

after(async () => {
  for (const p of [ann, bob]) assert.deepEqual(p?.errors.map(String) ?? [], [], 'no page errors');
  await browser?.close();
  await broker?.stop();
});

const once = (list, text) => list.filter((t) => t === text).length;

test('two pages chat both ways, each message shown once and delivered', async () => {
  const hello = 'Привет, bob 🙂 — ünïcödé';
  await say(ann, hello);
  await bob.locator('.msg__text', { hasText: hello }).waitFor();
  await say(bob, 'hi ann\nsecond line');
  await ann.locator('.msg__text', { hasText: 'second line' }).waitFor();
  await ann.locator('.msg--own[data-status="delivered"]', { hasText: hello }).waitFor();
  for (const page of [ann, bob]) {
    const list = await messages(page);
    assert.equal(once(list, hello), 1, 'Cyrillic and emoji arrive byte-exact, once');
    assert.equal(once(list, 'hi ann\nsecond line'), 1, 'multi-line text keeps its lines');
  }
  // Shift+Enter is a new line, not a send.
  await ann.fill('#composer-text', 'line one');
  await ann.press('#composer-text', 'Shift+Enter');
  await ann.type('#composer-text', 'line two');
  assert.equal(await ann.inputValue('#composer-text'), 'line one\nline two');
  await ann.press('#composer-text', 'Enter');
  await bob.locator('.msg__text', { hasText: 'line two' }).waitFor();
  assert.equal(await ann.inputValue('#composer-text'), '');
});

test('presence and typing are seen', async () => {
  const people = bob.locator('.presence__name');
  await people.filter({ hasText: 'ann' }).waitFor();
  assert.deepEqual((await people.allInnerTexts()).map((s) => s.split(' ')[0]).sort(), ['ann', 'bob']);
  await ann.type('#composer-text', 'typing something');
  await bob.locator('.messages__typing', { hasText: 'ann is typing' }).waitFor();
  await ann.fill('#composer-text', '');
});

test('a private message reaches only its recipient', async () => {
  await bob.click('.presence__dm[aria-label$=": ann"]');
  await bob.locator('.chat__title', { hasText: '@ann' }).waitFor();
  await say(bob, 'just between us');
  const dm = ann.locator('.rooms__item', { hasText: '@bob' });
  await dm.locator('.badge').waitFor();
  await dm.locator('.rooms__select').click();
  await ann.locator('.msg__text', { hasText: 'just between us' }).waitFor();
  await bob.locator('.msg--own[data-status="delivered"]', { hasText: 'just between us' }).waitFor();
  assert.equal(once(await messages(ann), 'just between us'), 1);
  await ann.locator('.rooms__select', { hasText: `#${room}` }).click();
  await bob.locator('.rooms__select', { hasText: `#${room}` }).click();
  assert.equal(once(await messages(ann), 'just between us'), 0, 'not in the public room');
});

test('an XSS payload stays inert text; only http(s) links become links', async () => {
  const payload =
    '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> ' +
    '<a href="javascript:window.__xss=3">click</a> javascript:window.__xss=4 https://example.org/ok';
  await say(ann, payload);
  const item = bob.locator('.msg__text', { hasText: 'https://example.org/ok' });
  await item.waitFor();
  assert.equal(await item.innerText(), payload, 'shown exactly as typed');
  assert.equal(await item.locator('img, script').count(), 0);
  const hrefs = await item.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, ['https://example.org/ok']);
  await item.locator('a').click({ modifiers: ['Control'] }).catch(() => {});
  for (const p of [ann, bob]) assert.equal(await p.evaluate(() => window.__xss), undefined);
});

test('the frame inspector shows frames with the passcode masked', async () => {
  await ann.click('#toggle-inspector');
  await ann.fill('#frame-filter', 'CONNECT');
  const connect = ann.locator('.frame', { has: ann.locator('.frame__cmd', { hasText: /^CONNECT$/ }) });
  await connect.first().locator('.frame__row').click();
  const detail = await connect.first().locator('.frame__detail').innerText();
  assert.match(detail, /passcode\s+••••••/);
  assert.doesNotMatch(detail, /s3cret/);
  assert.doesNotMatch(await ann.content(), /s3cret/);
  const stored = await ann.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.doesNotMatch(stored, /s3cret/, 'the passcode never reaches localStorage');
  await ann.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await connect.first().locator('.frame__detail button', { hasText: 'Copy' }).click();
  const copied = await ann.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^CONNECT\n/);
  assert.match(copied, /\npasscode:••••••\n/);
  await ann.fill('#frame-filter', '/topic/chat');
  assert.ok((await ann.locator('.frame__cmd', { hasText: 'MESSAGE' }).count()) > 0);
  assert.equal(await ann.locator('.frame__cmd', { hasText: /^CONNECT$/ }).count(), 0);
  await ann.fill('#frame-filter', '');
});

test('scrolled up, new messages offer a jump instead of moving the view', async () => {
  for (let i = 0; i < 40; i++) await say(ann, `filler ${i}`);
  await bob.locator('.msg__text', { hasText: 'filler 39' }).waitFor();
  await bob.locator('.messages__scroll').evaluate((el) => { el.scrollTop = 0; });
  await bob.waitForTimeout(100);
  await say(ann, 'news while you read');
  const jump = bob.locator('.messages__jump');
  await jump.waitFor();
  assert.match(await jump.innerText(), /^1 new message/);
  assert.equal(await bob.locator('.messages__scroll').evaluate((el) => el.scrollTop), 0, 'view kept');
  await jump.click();
  await jump.waitFor({ state: 'detached' });
  assert.ok(await bob.locator('.messages__scroll').evaluate(
    (el) => el.scrollHeight - el.scrollTop - el.clientHeight < 50));
});

test('leaving a room tells the others', async () => {
  const side = `side-${room}`;
  await joinRoom(ann, side);
  await joinRoom(bob, side);
  await ann.locator('.presence__name', { hasText: 'bob' }).waitFor();
  await bob.locator('.rooms__leave[aria-label="Leave #' + side + '"]').click();
  await ann.locator('.msg-system', { hasText: 'bob left' }).waitFor();
  await ann.locator('.presence__name', { hasText: 'bob' }).waitFor({ state: 'detached' });
  assert.equal(await bob.locator('.rooms__select', { hasText: `#${side}` }).count(), 0);
  for (const p of [ann, bob]) await p.locator('.rooms__select', { hasText: `#${room}` }).click();
});

test('custom destinations: the template editor drives what goes on the wire', async () => {
  const page = await openApp(browser, broker.url);
  await openServer(page);
  await page.selectOption('#profile', 'custom');
  const publish = page.locator('.connect__templates input[type="text"]').first();
  assert.equal(await publish.inputValue(), '/app/chat/{room}', 'starts from the Spring templates');
  await page.locator('.connect__check', { hasText: 'Ask for receipts' }).locator('input').check();
  await shot(page, 'desktop-connect-custom');
  await page.fill('#nickname', 'carol');
  await page.click('#connect');
  await page.locator('.status--ok').waitFor();
  await joinRoom(page, room);
  await say(page, 'with a receipt');
  await page.locator('.msg--own[data-status="delivered"]', { hasText: 'with a receipt' }).waitFor();
  await page.click('#toggle-inspector');
  await page.fill('#frame-filter', 'SEND');
  await page.locator('.frame__row', { hasText: `/app/chat/${room}` }).filter({ hasNotText: 'typing' })
    .first().click();
  assert.match(await page.locator('.frame__detail').innerText(), /receipt\s+\S+/);
  await page.fill('#frame-filter', 'RECEIPT');
  assert.ok((await page.locator('.frame__cmd', { hasText: 'RECEIPT' }).count()) > 0);
  await page.context().close();
});

test('the language can be switched and stays switched', async () => {
  const page = await openApp(browser, broker.url);
  await page.click('.connect__head .link-button');
  assert.equal(await page.locator('#connect').innerText(), 'Подключиться');
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  await page.reload();
  await page.locator('#nickname').waitFor();
  assert.equal(await page.locator('#connect').innerText(), 'Подключиться');
  await page.context().close();
});

test('screenshots at phone and desktop widths', async () => {
  await shot(ann, 'desktop-chat-inspector');
  await ann.click('#toggle-inspector');
  await shot(ann, 'desktop-chat');
  const phone = await openApp(browser, broker.url, {
    width: 390, height: 844, locale: 'ru-RU', colorScheme: 'dark',
  });
  assert.equal(await phone.locator('#connect').innerText(), 'Подключиться', 'Russian browser, Russian UI');
  await shot(phone, 'phone-connect-ru-dark');
  await connectAs(phone, 'жора');
  await joinRoom(phone, room);
  await say(phone, 'Всем привет с телефона! https://example.org');
  await phone.locator('.msg--own[data-status="delivered"]').last().waitFor();
  await shot(phone, 'phone-chat-ru-dark');
  await phone.click('.status__menu');
  await phone.waitForTimeout(400); // the drawer slides in
  await shot(phone, 'phone-sidebar-ru-dark');
  await phone.context().close();
  const desktop = await openApp(browser, broker.url);
  await shot(desktop, 'desktop-connect');
  await desktop.click('#connect');
  await desktop.locator('#nick-error').waitFor();
  assert.equal(await desktop.getAttribute('#nickname', 'aria-invalid'), 'true');
  await shot(desktop, 'desktop-connect-error');
  await desktop.context().close();
  console.log(`screenshots in ${ARTIFACTS}`);
});
