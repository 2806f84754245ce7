// Receiving end to end: the page subscribes (with a receipt), asks the driver to start the
// native publisher, and counts until all N messages are in. Rate = (N-1) / (last - first).
//   raw      a WebSocket counting onmessage after subscribing by hand: the browser's limit
//   stompjs  @stomp/stompjs Client, reading each message's .body
//   ours     our StompClient (wasm), reading each body as UTF-8 text
//   ours-worker  the same with the socket in a Worker (driver.mjs --worker)
import { rawConnect, stompjsClient, frame, commandOf } from '/wire.js';

function publish(c, destination) {
  return fetch('/publish', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ broker: c.broker, destination, n: c.n, body: c.body }),
  }).then(async (r) => {
    const j = await r.json();
    if (!r.ok) throw new Error('publisher: ' + j.error);
    return j;
  });
}

function raw(c, destination, onReady) {
  return new Promise((resolve, reject) => {
    let count = 0, bytes = 0, first = 0, last = 0, subscribed = false;
    const onMessage = (e) => {
      const len = typeof e.data === 'string' ? e.data.length : e.data.byteLength;
      if (!subscribed) {
        if (commandOf(e.data) !== 'RECEIPT') return reject(new Error('raw: expected RECEIPT'));
        subscribed = true;
        onReady();
        return;
      }
      if (len <= 2) return; // a heart-beat
      last = performance.now();
      if (count === 0) first = last;
      bytes += len;
      if (++count === c.n) {
        ws.close();
        resolve({ count, bytes, first, last });
      }
    };
    let ws;
    rawConnect(c, onMessage).then((s) => {
      ws = s;
      ws.send(frame('SUBSCRIBE', { id: 'sub-0', destination, receipt: 'sub-0' }));
    }, reject);
  });
}

async function stompjs(StompJs, c, destination, onReady) {
  const client = await stompjsClient(StompJs, c);
  return new Promise((resolve, reject) => {
    let count = 0, bytes = 0, first = 0, last = 0;
    client.onStompError = (f) => reject(new Error('stompjs ERROR: ' + f.headers.message));
    client.watchForReceipt('sub-r', onReady);
    client.subscribe(destination, (m) => {
      last = performance.now();
      if (count === 0) first = last;
      bytes += m.body.length;
      if (++count === c.n) {
        client.deactivate();
        resolve({ count, bytes, first, last });
      }
    }, { receipt: 'sub-r' });
  });
}

function mine(ours, c, destination, onReady, worker = false) {
  return ours.receive(c.url, c.login, c.passcode, destination, c.n, onReady, worker);
}

export async function receiveCase(ctx, c, side, round) {
  const destination = `/topic/bench-${c.label.replace(/\W+/g, '-')}-${side}-${round}-${Date.now()}`;
  const run = { raw: (...a) => raw(...a), stompjs: (...a) => stompjs(ctx.StompJs, ...a), ours: (...a) => mine(ctx.ours, ...a),
    'ours-worker': (...a) => mine(ctx.ours, ...a, true) }[side];
  if (!run) throw new Error('unknown receive side ' + side);
  // A failed publisher must end the case at once, not leave the page waiting for messages.
  let pub, publisherFailed;
  const failed = new Promise((_, reject) => { publisherFailed = reject; });
  const onReady = () => { pub = publish(c, destination); pub.catch(publisherFailed); };
  const r = await Promise.race([run(c, destination, onReady), failed]);
  if (!pub) throw new Error(`receive ${c.label} ${side}: finished without subscribing`);
  const published = await pub;
  if (r.count !== c.n) throw new Error(`receive ${c.label} ${side}: ${r.count} of ${c.n}`);
  return { count: r.count, bytes: r.bytes, ms: r.last - r.first, pubMs: published.ms };
}
