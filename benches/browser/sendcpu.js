// CPU per send, finely interleaved: every side keeps one connection open and sends in bursts
// of `c.burst` messages, the sides taking turns burst by burst (the first rotating), `c.rounds`
// times. Each burst is measured in CPU time of the page's thread (see cpuNs), which a loaded
// machine does not inflate as it does wall time, and in wall time.
//   raw, raw-built, raw-binary   as in send.js: a pre-built string, a string built per send,
//                                a pre-built Uint8Array
//   raw-decoded                  a string decoded per send from the frame's bytes (what our
//                                text path does: a fresh string each send, no STOMP work)
//   ours, ours-binary            SendBurst (bench-wasm/src/burst.rs): StompClient::send
//   floor, floor-binary          the least a client on our Socket does per send (bench-wasm/
//                                src/floor.rs: a pre-encoded head, body and NUL copied into
//                                one buffer, Socket::send); no session, driver or handle
//   ours-b, ours-binary-b        the same from a second build (driver.mjs --pkg-b), for A/B
//   ours-worker(-binary)         the same with the socket in a Worker (driver.mjs --worker)
import { rawConnect, commandOf } from '/wire.js';

// Every side's burst is timed here, around the same call, so all carry the same overhead.
async function rawSide(ours, c, destination, kind) {
  const text = new TextDecoder('utf-8', { fatal: true });
  const bytes = ours.send_frame(destination, c.body, undefined);
  const plain = kind === 'binary' ? bytes : text.decode(bytes);
  const body = 'abcdefghijklmnopqrstuvwxyz'.repeat(Math.ceil(c.body / 26)).slice(0, c.body);
  const build = (receipt) => 'SEND\ndestination:' + destination + receipt + '\ncontent-length:' + body.length + '\n\n' + body + '\0';
  if (kind === 'built' && build('') !== plain) throw new Error('raw-built: the frame differs from ours');
  let done;
  const receipt = new Promise((resolve, reject) => { done = { resolve, reject }; });
  const ws = await rawConnect(c, (e) => {
    const cmd = commandOf(e.data);
    if (cmd === 'RECEIPT') done.resolve();
    else if (cmd === 'ERROR') done.reject(new Error('raw send: ERROR frame'));
  });
  const fresh = new TextDecoder('utf-8', { ignoreBOM: true });
  const burst = kind === 'built'
    ? (k) => { for (let i = 0; i < k; i++) ws.send(build('')); }
    : kind === 'decoded'
      ? (k) => { for (let i = 0; i < k; i++) ws.send(fresh.decode(bytes)); }
      : (k) => { for (let i = 0; i < k; i++) ws.send(plain); };
  const finish = async () => {
    const last = text.decode(ours.send_frame(destination, c.body, 'last'));
    ws.send(kind === 'binary' ? new TextEncoder().encode(last) : last);
    await receipt;
    ws.close();
  };
  return { burst, finish };
}

async function side(ctx, c, name, destination) {
  if (name === 'raw') return rawSide(ctx.ours, c, destination, 'text');
  if (name === 'raw-built') return rawSide(ctx.ours, c, destination, 'built');
  if (name === 'raw-decoded') return rawSide(ctx.ours, c, destination, 'decoded');
  if (name === 'raw-binary') return rawSide(ctx.ours, c, destination, 'binary');
  if (name === 'floor' || name === 'floor-binary') {
    const s = await ctx.ours.socket_burst(c.url, c.login, c.passcode, destination, c.body, name === 'floor-binary');
    return { burst: (k) => s.burst(k), finish: () => s.finish() };
  }
  if (['ours', 'ours-binary', 'ours-b', 'ours-binary-b'].includes(name)) {
    const lib = name.endsWith('-b') ? ctx.oursB : ctx.ours;
    const s = await lib.send_burst(c.url, c.login, c.passcode, destination, c.body, name.startsWith('ours-binary'));
    return { burst: (k) => s.burst(k), finish: () => s.finish() };
  }
  if (['ours-worker', 'ours-worker-binary', 'ours-worker-b', 'ours-worker-binary-b'].includes(name)) {
    // The socket in a Worker (driver.mjs --worker): what the page pays per send is a
    // postMessage; the worker's own ws.send runs on its thread, not counted here.
    const lib = name.endsWith('-b') ? ctx.oursB : ctx.ours;
    const s = await lib.send_burst(c.url, c.login, c.passcode, destination, c.body, name.startsWith('ours-worker-binary'), true);
    return { burst: (k) => s.burst(k), finish: () => s.finish() };
  }
  throw new Error('unknown send-cpu side ' + name);
}

// The CPU time of the page's thread so far (ns), read by the driver from the scheduler's
// accounting (/proc/…/schedstat): a synchronous request, so the thread does nothing else.
function cpuNs() {
  const x = new XMLHttpRequest();
  x.open('GET', '/cpu', false);
  x.send();
  return Number(x.responseText);
}

// Runs one case; calls `report(side, round, ms, cpuMs, emptyMs)` for every burst. `cpuMs`
// includes the readings' own cost; `emptyMs` is the CPU time of a pair of readings with
// nothing between them, taken each round (it varies, so report.mjs subtracts its median).
export async function sendCpuCase(ctx, c, report) {
  const sides = {};
  for (const name of c.sides) sides[name] = await side(ctx, c, name, `/topic/bench-cpu-${name}`);
  for (let round = 0; round < c.rounds; round++) {
    const e0 = cpuNs();
    const emptyMs = (cpuNs() - e0) / 1e6;
    const k = round % c.sides.length;
    for (const name of c.sides.slice(k).concat(c.sides.slice(0, k))) {
      const c0 = cpuNs();
      const t0 = performance.now();
      sides[name].burst(c.burst);
      const ms = performance.now() - t0;
      const cpuMs = (cpuNs() - c0) / 1e6;
      await report(name, round, ms, cpuMs, emptyMs);
    }
  }
  for (const name of c.sides) await sides[name].finish();
}
