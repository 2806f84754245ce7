// What the page runs. Full sizes follow the issue; --smoke shrinks every count so the whole
// harness runs in well under two minutes while still exercising every path.

const DECODE_SIDES = ['stompjs-raw', 'ours-bytes', 'ours-chunk', 'ours-view', 'stompjs-frame', 'ours-text'];
const CLIENT_SIDES_MAIN = ['raw', 'stompjs', 'ours'];
// Sending also in binary WebSocket messages (`WsFrames::Binary`), beside the default text ones;
// `raw-built` builds each frame string anew, as a JS client must (see send.js).
const SEND_SIDES = ['raw', 'raw-built', 'stompjs', 'ours', 'raw-binary', 'ours-binary'];
const SEND_CPU_SIDES = ['raw', 'raw-built', 'raw-decoded', 'floor', 'ours', 'raw-binary', 'floor-binary', 'ours-binary'];
// With `--pkg-b`: the same two sides from a second build, for an A/B in one page.
const SEND_CPU_SIDES_B = ['ours-b', 'ours-binary-b'];
// With `--worker`: our client with its socket in a Worker (ClientConfig::socket_in_worker).
const WORKER_RECEIVE_SIDES = ['ours-worker'];
const WORKER_SEND_CPU_SIDES = ['ours-worker', 'ours-worker-binary'];
const KiB = 1024;

export function makePlan({ smoke, rounds, brokers, only, pkgB = false, worker = false }) {
  const CLIENT_SIDES = worker ? [...CLIENT_SIDES_MAIN, ...WORKER_RECEIVE_SIDES] : CLIENT_SIDES_MAIN;
  const decode = [];
  if (only('decode')) {
    for (const [label, body] of [['200 B', 200], ['1 KiB', KiB], ['64 KiB', 64 * KiB], ['1 MiB', KiB * KiB]]) {
      // About 8 MiB of wire bytes per pass (smoke: a handful of frames).
      const frames = smoke ? 3 : Math.max(8, Math.min(40000, Math.floor((8 * KiB * KiB) / (body + 200))));
      decode.push({ label, body, frames, minMs: smoke ? 5 : 300, sides: DECODE_SIDES });
    }
  }
  // Our session alone (no socket, no driver): its share of the per-message cost.
  const core = [];
  if (only('receive')) {
    for (const [label, body] of [['100 B', 100], ['4 KiB', 4 * KiB]]) {
      core.push({ label: `session alone, ${label}`, body, count: smoke ? 100 : 20000, sides: ['ours'] });
    }
  }
  const receive = [];
  if (only('receive') && brokers.rabbitmq) {
    const r = brokers.rabbitmq;
    for (const [label, n, body] of [['100 B', 50000, 100], ['4 KiB', 5000, 4 * KiB]]) {
      const count = smoke ? 50 : n;
      receive.push({ label: `RabbitMQ ${count.toLocaleString('en')} × ${label}`, broker: 'rabbitmq', url: r.url,
        login: r.login, passcode: r.passcode, n: count, body, sides: CLIENT_SIDES });
    }
  }
  // The dev broker runs with its per-subscriber outbound limits raised (driver.mjs) so a
  // burst can arrive whole; the publisher writes STOMP over its WebSocket endpoint.
  if (only('receive') && brokers.devbroker) {
    const d = brokers.devbroker;
    for (const [label, n, body] of [['100 B', 50000, 100], ['4 KiB', 5000, 4 * KiB]]) {
      const count = smoke ? 50 : n;
      receive.push({ label: `dev broker ${count.toLocaleString('en')} × ${label}`, broker: 'devbroker', url: d.url,
        n: count, body, sides: CLIENT_SIDES });
    }
  }
  if (only('receive') && brokers.rabbitmqBinary) {
    const r = brokers.rabbitmqBinary;
    receive.push({ label: 'RabbitMQ binary frames, no deflate, 5,000 × 4 KiB', broker: 'rabbitmqBinary', url: r.url,
      login: r.login, passcode: r.passcode, n: 5000, body: 4 * KiB, sides: CLIENT_SIDES });
  }
  const send = [];
  if (only('send')) {
    const n = smoke ? 50 : 20000;
    for (const [name, b] of [['RabbitMQ', brokers.rabbitmq], ['dev broker', brokers.devbroker]]) {
      if (!b) continue;
      send.push({ label: `${name} ${n.toLocaleString('en')} × 100 B`, broker: name, url: b.url, login: b.login,
        passcode: b.passcode, n, body: 100, sides: SEND_SIDES });
    }
  }
  // CPU per send in interleaved bursts (sendcpu.js): 20 bursts of 2,000 per side.
  const sendCpu = [];
  if (only('send') || only('send-cpu')) {
    const [bursts, burst] = smoke ? [4, 20] : [20, 2000];
    for (const [name, b] of [['RabbitMQ', brokers.rabbitmq], ['dev broker', brokers.devbroker]]) {
      if (!b) continue;
      sendCpu.push({ label: `${name}, ${bursts} bursts × ${burst} × 100 B`, url: b.url, login: b.login,
        passcode: b.passcode, body: 100, burst, rounds: bursts, sides: [...SEND_CPU_SIDES, ...(pkgB ? SEND_CPU_SIDES_B : []), ...(worker ? WORKER_SEND_CPU_SIDES : []),
          ...(worker && pkgB ? WORKER_SEND_CPU_SIDES.map((x) => `${x}-b`) : [])] });
    }
  }
  const cases = [...decode, ...core, ...receive, ...send];
  return {
    rounds, decode, core, receive, send, sendCpu, pkgB,
    expectedResults: cases.reduce((s, c) => s + c.sides.length * rounds, 0)
      + sendCpu.reduce((s, c) => s + c.sides.length * c.rounds, 0),
  };
}
