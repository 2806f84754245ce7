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
  // A busy room: 150 messages in runs by three senders (most rows continued ones), published
  // raw from ann's page; both pages stay at the newest.
  await ann.evaluate(async ({ room }) => {
    const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ws`, ['v12.stomp']);
    await new Promise((ok) => { ws.onopen = ok; });
    ws.send('CONNECT\naccept-version:1.2\nhost:/\nheart-beat:0,0\n\n\0');
    await new Promise((ok) => { ws.onmessage = ok; });
    const senders = ['eve', 'zoe', 'bob'];
    const words = 'the build is green again after the last fix to the scroller and its rows'.split(' ');
    for (let i = 0; i < 150; i++) {
      const sender = senders[Math.floor(i / 7) % 3];
      const n = 3 + ((i * 7) % 13);
      let content = Array.from({ length: n }, (_, k) => words[(i + k) % words.length]).join(' ');
      if (i % 23 === 5) content += ' @ann';
      if (i % 31 === 9) content += ' https://example.org/busy';
      const body = JSON.stringify({ type: 'CHAT', id: `busy-${i}`, room, sender, content: `${i}: ${content}`, timestamp: Date.now() });
      ws.send(`SEND\ndestination:/topic/chat/${room}\ncontent-type:application/json\n\n${body}\0`);
    }
    await new Promise((r) => setTimeout(r, 300));
    ws.close();
  }, { room: 'rows' });
  for (const p of [ann, bob]) await p.locator('.msg__text', { hasText: /^149: / }).waitFor();
  await ann.waitForTimeout(500);
  console.log(await shot(ann, 'busy-desktop-dark'));
  console.log(await shot(bob, 'busy-phone-light-ru'));
  await ann.emulateMedia({ colorScheme: 'light' });
  await bob.emulateMedia({ colorScheme: 'dark' });
  await ann.waitForTimeout(300);
  console.log(await shot(ann, 'busy-desktop-light'));
  console.log(await shot(bob, 'busy-phone-dark-ru'));
} finally {
  await browser.close();
  await broker.stop();
}
