// The bench page. Opened by driver.mjs in a Chromium with no DevTools client attached (a
// DevTools network monitor copies every WebSocket frame and halves the rates); it fetches its
// plan, runs every comparison with the sides alternating round by round, and POSTs figures back.
import init, * as ours from '/pkg/bench_wasm.js';
import { decodeCase } from '/decode.js';
import { receiveCase } from '/receive.js';
import { sendCase } from '/send.js';
import { sendCpuCase } from '/sendcpu.js';

const post = (path, body) =>
  fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const log = (msg) => {
  document.getElementById('log').textContent += '\n' + msg;
  return post('/log', { msg });
};

window.addEventListener('error', (e) => post('/error', { message: String(e.message), stack: e.error && e.error.stack }));
window.addEventListener('unhandledrejection', (e) =>
  post('/error', { message: String(e.reason && e.reason.message || e.reason), stack: e.reason && e.reason.stack }));

// Each round rotates which side goes first, so warm-up and drift do not favour one side.
function rotated(sides, round) {
  const k = round % sides.length;
  return sides.slice(k).concat(sides.slice(0, k));
}

async function main() {
  await init();
  const plan = await (await fetch('/plan')).json();
  const ctx = { ours, StompJs: window.StompJs, plan, log };
  if (plan.pkgB) {
    // A second build of the same crate, for an A/B within one page (driver.mjs --pkg-b).
    const b = await import('/pkg-b/bench_wasm.js');
    await b.default();
    ctx.oursB = b;
  }
  for (const c of plan.decode) {
    for (let round = 0; round < plan.rounds; round++) {
      for (const side of rotated(c.sides, round)) {
        await post('/result', { bench: 'decode', case: c.label, side, round, ...decodeCase(ctx, c, side) });
      }
    }
  }
  for (const c of plan.core) {
    for (let round = 0; round < plan.rounds; round++) {
      const [ms, messages] = ours.session_receive(c.body, c.count);
      if (messages !== c.count) throw new Error(`core ${c.label}: ${messages} of ${c.count} messages`);
      await post('/result', { bench: 'core', case: c.label, side: 'ours', round, count: messages, ms });
    }
  }
  for (const c of plan.receive) {
    for (let round = 0; round < plan.rounds; round++) {
      for (const side of rotated(c.sides, round)) {
        const r = await receiveCase(ctx, c, side, round);
        await post('/result', { bench: 'receive', case: c.label, side, round, ...r });
      }
    }
  }
  for (const c of plan.send) {
    for (let round = 0; round < plan.rounds; round++) {
      for (const side of rotated(c.sides, round)) {
        const r = await sendCase(ctx, c, side, round);
        await post('/result', { bench: 'send', case: c.label, side, round, ...r });
      }
    }
  }
  for (const c of plan.sendCpu) {
    await sendCpuCase(ctx, c, (side, round, ms, cpuMs, emptyMs) =>
      post('/result', { bench: 'send-cpu', case: c.label, side, round, ms, cpuMs, emptyMs, count: c.burst }));
  }
  await post('/done', {});
  document.getElementById('log').textContent += '\ndone';
}

main().catch((e) => post('/error', { message: String(e && e.message || e), stack: e && e.stack }));
