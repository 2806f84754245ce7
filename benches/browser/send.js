// Sending: N sends from the page as fast as each API takes them, the last with a receipt;
// timed from the first send to that receipt, so everything queued has reached the broker.
// Also timed: until all sends but the last were handed to the socket (the CPU cost per send).
//   raw      a ws.send loop of the exact frames our client writes (text messages, as ours sends
//            frames that are UTF-8 by default), one pre-built string sent N times
//   raw-built  the same frame built anew for each send by string concatenation, as any JS client
//            must (a new message each time); checked equal to ours once, headers not escaped
//   raw-binary, ours-binary   the same in binary messages (ours with `WsFrames::Binary`)
//   stompjs  client.publish({destination, body}) (text frames, as stompjs sends strings)
//   ours     StompClient::send, every future polled at once (see bench-wasm/src/client.rs)
import { rawConnect, stompjsClient, commandOf } from '/wire.js';

async function raw(ours, c, destination, binary) {
  const text = new TextDecoder('utf-8', { fatal: true });
  const as = (bytes) => (binary ? bytes : text.decode(bytes));
  const plain = as(ours.send_frame(destination, c.body, undefined));
  const last = as(ours.send_frame(destination, c.body, 'last'));
  let done;
  const receipt = new Promise((resolve, reject) => { done = { resolve, reject }; });
  const ws = await rawConnect(c, (e) => {
    const cmd = commandOf(e.data);
    if (cmd === 'RECEIPT') done.resolve(performance.now());
    else if (cmd === 'ERROR') done.reject(new Error('raw send: ERROR frame'));
  });
  const start = performance.now();
  for (let i = 1; i < c.n; i++) ws.send(plain);
  const issued = performance.now();
  ws.send(last);
  const end = await receipt;
  ws.close();
  return { start, issued, end };
}

// The cheapest frame a JS client could build per message: the destination and body strings
// joined with the fixed header text; no escaping (the destination needs none).
async function rawBuilt(ours, c, destination) {
  const body = 'abcdefghijklmnopqrstuvwxyz'.repeat(Math.ceil(c.body / 26)).slice(0, c.body);
  const build = (receipt) => 'SEND\ndestination:' + destination + receipt + '\ncontent-length:' + body.length + '\n\n' + body + '\0';
  const text = new TextDecoder('utf-8', { fatal: true });
  if (build('') !== text.decode(ours.send_frame(destination, c.body, undefined))) {
    throw new Error('raw-built: the frame differs from the one our client writes');
  }
  let done;
  const receipt = new Promise((resolve, reject) => { done = { resolve, reject }; });
  const ws = await rawConnect(c, (e) => {
    const cmd = commandOf(e.data);
    if (cmd === 'RECEIPT') done.resolve(performance.now());
    else if (cmd === 'ERROR') done.reject(new Error('raw-built send: ERROR frame'));
  });
  const start = performance.now();
  for (let i = 1; i < c.n; i++) ws.send(build(''));
  const issued = performance.now();
  ws.send(build('\nreceipt:last'));
  const end = await receipt;
  ws.close();
  return { start, issued, end };
}

async function stompjs(StompJs, c, destination) {
  const client = await stompjsClient(StompJs, c);
  const body = 'abcdefghijklmnopqrstuvwxyz'.repeat(Math.ceil(c.body / 26)).slice(0, c.body);
  const receipt = new Promise((resolve) => client.watchForReceipt('last', () => resolve(performance.now())));
  const start = performance.now();
  for (let i = 1; i < c.n; i++) client.publish({ destination, body });
  const issued = performance.now();
  client.publish({ destination, body, headers: { receipt: 'last' } });
  const end = await receipt;
  client.deactivate();
  return { start, issued, end };
}

export async function sendCase(ctx, c, side, round) {
  const destination = `/topic/bench-send-${side}-${round}`;
  let r;
  if (side === 'raw' || side === 'raw-binary') r = await raw(ctx.ours, c, destination, side === 'raw-binary');
  else if (side === 'raw-built') r = await rawBuilt(ctx.ours, c, destination);
  else if (side === 'stompjs') r = await stompjs(ctx.StompJs, c, destination);
  else if (side === 'ours' || side === 'ours-binary') {
    r = await ctx.ours.send(c.url, c.login, c.passcode, destination, c.n, c.body, side === 'ours-binary');
  }
  else throw new Error('unknown send side ' + side);
  return { count: c.n, ms: r.end - r.start, issueMs: r.issued - r.start };
}
