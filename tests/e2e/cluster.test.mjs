// The chat on a three-node RabbitMQ cluster (scripts/rabbitmq-cluster.sh), profile "RabbitMQ,
// history in streams": each room's chat messages live in a replicated stream. Each page is given
// several node URLs. Ann is on node 1 (then 2, 1, ...), Bob on node 3. The node Ann is on is
// killed (kill -9 of its Erlang VM) mid-chat: her page must be back on the other node within two
// heart-beat intervals plus the backoff; everything either of them typed meanwhile shows exactly
// once on both pages (the stream reader resumes after the last offset it saw); the status bar
// names the node; both stay in each other's member list; both keep chatting through the stream
// afterwards. Carol, joining afterwards, sees the room's history.
// E2E_CLUSTER_ROUNDS=N repeats the kill N times (restarting the dead node in between) and
// prints the failover times: the figures in README's "Beyond one machine".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, launch, sharedBroker, openApp, connectAs, joinRoom, say, messages, shot,
} from './helpers.mjs';

const script = join(ROOT, 'scripts', 'rabbitmq-cluster.sh');
const available = existsSync('/usr/lib/rabbitmq/bin/rabbitmq-server');
// E2E_CLUSTER_DIR: a cluster already started by `scripts/rabbitmq-cluster.sh start DIR`, reused
// (not started nor stopped here): for repeated runs while investigating.
const reuse = process.env.E2E_CLUSTER_DIR;
const dir = reuse || join(mkdtempSync(join(tmpdir(), 'e2e-cluster-')), 'cluster');
const rounds = Number(process.env.E2E_CLUSTER_ROUNDS || 1);
// The app's heart-beats (the library's default) and reconnect backoff (initial delay, 1 s).
const HEART_BEAT_MS = 10000;
const BACKOFF_MS = 1000;
let browser, host, urls;
// Shared by the tests below, in order: the two pages, their room, what each sent.
let ann, bob, room;
const annSent = [];
const bobSent = [];
const creds = { profile: 'rabbitmq-stream', login: 'guest', passcode: 'guest' };

const cluster = (cmd, ...rest) => execFileSync('bash', [script, cmd, dir, ...rest], { encoding: 'utf8' }).trim();
const label = (url) => url.replace(/^wss?:\/\//, '').split('/')[0];

before(async () => {
  if (!available) return;
  const started = Date.now();
  urls = cluster(reuse ? 'urls' : 'start').split('\n');
  console.log(`cluster: 3 nodes up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${urls.join(' ')}`);
  host = await sharedBroker();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  if (available && !reuse) {
    const started = Date.now();
    cluster('stop');
    console.log(`cluster: stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
});

// E2E_WS_LOG=FILE: every STOMP frame of both pages, timestamped, appended to FILE (to see what a
// broker answered when something stalls).
function logFrames(page, who) {
  const file = process.env.E2E_WS_LOG;
  if (!file) return;
  page.on('websocket', (ws) => {
    const line = (dir, data) => {
      const text = String(data).replace(/\0/g, '^@').replace(/\n/g, '|');
      if (text === '|') return;
      appendFileSync(file, `${new Date().toISOString().slice(11, 23)} ${who} ${ws.url()} ${dir} ${text.slice(0, 300)}\n`);
    };
    line('OPEN', '');
    ws.on('framesent', (f) => line('>>', f.payload));
    ws.on('framereceived', (f) => line('<<', f.payload));
    ws.on('close', () => line('CLOSE', ''));
  });
}

async function nodeOf(page) {
  return page.locator('#status-node').getAttribute('title');
}

test('a node killed mid-chat: the page moves to another node, nothing it sent is lost or doubled',
  { skip: !available && 'rabbitmq-server is not installed', timeout: 180000 + rounds * 60000 }, async () => {
    ann = await openApp(browser, host.url);
    bob = await openApp(browser, host.url);
    logFrames(ann, 'ann');
    logFrames(bob, 'bob');
    await connectAs(ann, 'ann', { ...creds, server: `${urls[0]}, ${urls[1]}` });
    await connectAs(bob, 'bob', { ...creds, server: `${urls[2]},${urls[1]}` });
    assert.equal(await nodeOf(ann), urls[0]);
    assert.equal(await nodeOf(bob), urls[2]);
    assert.equal(await ann.locator('#status-node').innerText(), `node ${label(urls[0])}`);
    room = `cluster-${Date.now().toString(36)}`;
    await joinRoom(ann, room);
    await joinRoom(bob, room);
    await ann.locator('.msg-system', { hasText: 'bob joined' }).waitFor();
    await say(ann, 'hello from node 1');
    await bob.locator('.msg__text', { hasText: 'hello from node 1' }).waitFor();
    await say(bob, 'hello from node 3');
    await ann.locator('.msg__text', { hasText: 'hello from node 3' }).waitFor();
    await shot(ann, 'desktop-cluster-before');

    const figures = [];
    annSent.push('hello from node 1');
    bobSent.push('hello from node 3');
    try {
    for (let round = 1; round <= rounds; round++) {
      const from = await nodeOf(ann);
      const victim = urls.indexOf(from) + 1;
      const killedAt = Date.now();
      cluster('kill', String(victim));
      if (process.env.E2E_WS_LOG) appendFileSync(process.env.E2E_WS_LOG, `${new Date().toISOString().slice(11, 23)} KILL node ${victim}\n`);
      // Typed while her node is gone: held, then sent to the next node.
      const during = [`r${round} ann while failing over 1`, `r${round} ann while failing over 2`];
      for (const t of during) await say(ann, t);
      annSent.push(...during);
      const bobDuring = `r${round} bob while ann is away`;
      await say(bob, bobDuring);
      bobSent.push(bobDuring);
      await ann.waitForFunction((old) => {
        const n = document.querySelector('#status-node');
        return document.querySelector('.status--ok') && n && n.title !== old;
      }, from, { timeout: 2 * HEART_BEAT_MS + BACKOFF_MS + 10000, polling: 50 });
      const failoverMs = Date.now() - killedAt;
      console.log(`failover round ${round}: back on another node in ${failoverMs} ms`);
      const to = await nodeOf(ann);
      assert.notEqual(to, from);
      assert.ok(failoverMs <= 2 * HEART_BEAT_MS + BACKOFF_MS, `failover took ${failoverMs} ms`);
      for (const t of during) {
        await ann.locator('.msg--own[data-status="delivered"]', { hasText: t }).waitFor({ timeout: 20000 });
        await bob.locator('.msg__text', { hasText: t }).waitFor({ timeout: 20000 });
      }
      const after = `r${round} ann on ${label(to)}`;
      await say(ann, after);
      annSent.push(after);
      await bob.locator('.msg__text', { hasText: after }).waitFor({ timeout: 20000 });
      await ann.locator('.msg__text', { hasText: bobDuring }).waitFor({ timeout: 20000 });
      const annList = await messages(ann);
      const bobList = await messages(bob);
      await ann.locator('.msg__text', { hasText: bobDuring }).waitFor({ timeout: 20000 });
      const all = [...annSent, ...bobSent];
      const lost = all.filter((t) => !annList.includes(t) || !bobList.includes(t)).length;
      const doubled = all.filter((t) => annList.filter((x) => x === t).length > 1
        || bobList.filter((x) => x === t).length > 1).length;
      figures.push({ round, failoverMs, lost, doubled });
      for (const t of all) {
        assert.equal(bobList.filter((x) => x === t).length, 1, `bob sees "${t}" once`);
        assert.equal(annList.filter((x) => x === t).length, 1, `ann sees "${t}" once`);
      }
      // Both still listed in each other's member list.
      await ann.locator('.presence__name', { hasText: 'bob' }).waitFor();
      await bob.locator('.presence__name', { hasText: 'ann' }).waitFor();
      if (round < rounds) cluster('up', String(victim));
    }
    } catch (e) {
      // What each page showed when it went wrong.
      await shot(ann, 'desktop-cluster-failed-ann');
      await shot(bob, 'desktop-cluster-failed-bob');
      throw e;
    }
    await shot(ann, 'desktop-cluster-after-failover');
    for (const f of figures) {
      console.log(`failover round ${f.round}: back on another node in ${f.failoverMs} ms; `
        + `messages lost: ${f.lost}, shown twice: ${f.doubled}`);
    }
  });

// RabbitMQ 3.10.8 once lost this message while confirming it (a RECEIPT for a message in no
// stream) when the killed node also led the stream coordinator: a publisher channel in
// confirm mode mis-re-sends its unconfirmed stream write after the leader change, and the new
// leader drops its next message as a duplicate. The app now sends to streams without receipts,
// confirmed by reading its own message back (see src/chat/stream_history.rs).
test('after a failover both pages keep receiving new messages from the stream',
  { skip: !available && 'rabbitmq-server is not installed', timeout: 60000 }, async () => {
    assert.ok(ann && bob, 'the failover test ran');
    const text = 'bob, after the failover';
    await say(bob, text);
    bobSent.push(text);
    await bob.locator('.msg--own[data-status="delivered"]', { hasText: text }).waitFor({ timeout: 20000 });
    await ann.locator('.msg__text', { hasText: text }).waitFor({ timeout: 20000 });
    const back = 'ann, after the failover';
    await say(ann, back);
    annSent.push(back);
    await bob.locator('.msg__text', { hasText: back }).waitFor({ timeout: 20000 });
    for (const page of [ann, bob]) {
      const list = await messages(page);
      for (const t of [text, back]) assert.equal(list.filter((x) => x === t).length, 1, `"${t}" shown once`);
    }
  });

test('a page joining after the failover sees the room history, each message once',
  { skip: !available && 'rabbitmq-server is not installed', timeout: 60000 }, async () => {
    assert.ok(ann && bob, 'the failover test ran');
    // A page joining afterwards, on another node, gets the room's history from the stream.
    const carol = await openApp(browser, host.url);
    await connectAs(carol, 'carol', { ...creds, server: `${urls[1]}, ${urls[2]}` });
    await joinRoom(carol, room);
    const last = annSent.at(-1);
    await carol.locator('.msg__text', { hasText: last }).waitFor({ timeout: 20000 });
    await carol.locator('.msg__text', { hasText: bobSent.at(-1) }).waitFor({ timeout: 20000 });
    const carolList = await messages(carol);
    for (const t of [...annSent, ...bobSent]) {
      assert.equal(carolList.filter((x) => x === t).length, 1, `carol sees "${t}" once in the history`);
    }
    await shot(carol, 'desktop-cluster-late-joiner-history');
    await carol.context().close();
    // Chromium logs the refused or reset sockets of a dead node; anything else is a fault.
    const faults = (p) => p.errors.map(String).filter((e) => !/WebSocket connection to .* failed/.test(e));
    for (const page of [ann, bob]) assert.deepEqual(faults(page), []);
    for (const page of [ann, bob]) await page.context().close();
  });
