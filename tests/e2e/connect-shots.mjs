// Screenshots of the connect form (closed, and with the Server section open on the custom
// profile) and of the chat's people list, desktop and phone, light and dark (not a test: for
// comparing two builds by eye and pixel). DIST_DIR picks the build, E2E_ARTIFACTS where the PNGs
// go; SHOTS_PORT fixes the broker's port, since the form shows the server's URL.
//   DIST_DIR=dist E2E_ARTIFACTS=/tmp/shots SHOTS_PORT=18150 node tests/e2e/connect-shots.mjs
import { launch, startBroker, openApp, openServer, connectAs, joinRoom, shot } from './helpers.mjs';

const port = process.env.SHOTS_PORT ? Number(process.env.SHOTS_PORT) : undefined;
const broker = await startBroker({ port });
const browser = await launch();
const views = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone-ru', { width: 390, height: 844, locale: 'ru-RU' }],
];
try {
  for (const [name, opts] of views) {
    for (const scheme of ['light', 'dark']) {
      const page = await openApp(browser, broker.url, { ...opts, colorScheme: scheme });
      await page.evaluate(() => document.activeElement?.blur());
      console.log(await shot(page, `connect-${name}-${scheme}`));
      await openServer(page);
      await page.selectOption('#profile', 'custom');
      await page.locator('.connect__templates').waitFor();
      await page.evaluate(() => document.activeElement?.blur());
      console.log(await shot(page, `connect-custom-${name}-${scheme}`));
      await page.locator('#connect').scrollIntoViewIfNeeded();
      console.log(await shot(page, `connect-custom-end-${name}-${scheme}`));
      await page.context().close();
    }
  }
  const ann = await openApp(browser, broker.url);
  const bob = await openApp(browser, broker.url, { width: 390, height: 844, colorScheme: 'dark', locale: 'ru-RU' });
  await connectAs(ann, 'ann');
  await joinRoom(ann, 'people');
  await connectAs(bob, 'bob');
  await joinRoom(bob, 'people');
  await ann.locator('.presence__item', { hasText: 'bob' }).waitFor();
  await ann.waitForTimeout(300);
  console.log(await shot(ann, 'people-desktop-light'));
  await ann.emulateMedia({ colorScheme: 'dark' });
  await ann.waitForTimeout(300);
  console.log(await shot(ann, 'people-desktop-dark'));
} finally {
  await browser.close();
  await broker.stop();
}
