// Screenshots of the message list with every kind of row (not a test: for comparing two builds
// by eye and pixel). DIST_DIR picks the build, E2E_ARTIFACTS where the PNGs go.
//   DIST_DIR=dist E2E_ARTIFACTS=/tmp/shots node tests/e2e/rows-shots.mjs
import { launch, startBroker, openApp, connectAs, joinRoom, say, shot } from './helpers.mjs';

const broker = await startBroker({ args: ['--receipts', 'all'] });
const browser = await launch();
try {
  const ann = await openApp(browser, broker.url);
  const bob = await openApp(browser, broker.url, { width: 390, height: 844, colorScheme: 'dark', locale: 'ru-RU' });
  await connectAs(ann, 'ann');
  await joinRoom(ann, 'rows');
  await connectAs(bob, 'bob');
  await joinRoom(bob, 'rows');
  await say(bob, 'hello @ann, see https://example.org/x');
  await say(bob, 'a second line from bob');
  await say(ann, 'mine, with a tick');
  await say(bob, `long: ${'word '.repeat(200)}`);
  await say(ann, 'and the latest of mine');
  for (const p of [ann, bob]) {
    await p.locator('.msg', { hasText: 'and the latest of mine' }).waitFor();
    await p.locator('.msg--own[data-status="delivered"]').first().waitFor().catch(() => {});
  }
  await ann.waitForTimeout(500);
  console.log(await shot(ann, 'rows-desktop-light'));
  console.log(await shot(bob, 'rows-phone-dark-ru'));
  await ann.emulateMedia({ colorScheme: 'dark' });
  await bob.emulateMedia({ colorScheme: 'light' });
  await ann.waitForTimeout(300);
  console.log(await shot(ann, 'rows-desktop-dark'));
  console.log(await shot(bob, 'rows-phone-light-ru'));
} finally {
  await browser.close();
  await broker.stop();
}
