// Injected into the app page before its own scripts (Playwright init script): records long
// tasks, frame times, input event latency (Event Timing API) and memory, per phase.
(() => {
  const s = { longTasks: [], frames: [], inputs: [], last: 0 };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) s.longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
  // Event Timing: duration = input delay + handlers + until the next frame is presented.
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) if (/^key|^input|^beforeinput/.test(e.name)) s.inputs.push(e.duration);
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  const frame = (t) => { if (s.last) s.frames.push(t - s.last); s.last = t; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  let wasm = null;
  addEventListener('TrunkApplicationStarted', (e) => { wasm = e.detail.wasm; });
  window.__ui = {
    // Returns what was recorded since the last call and starts afresh.
    take() {
      const out = {
        longTasks: s.longTasks.splice(0), frames: s.frames.splice(0), inputs: s.inputs.splice(0),
        jsHeap: performance.memory ? performance.memory.usedJSHeapSize : null,
        wasmMemory: wasm && wasm.memory ? wasm.memory.buffer.byteLength : null,
        messagesInDom: document.querySelectorAll('.msg').length,
      };
      return out;
    },
  };
})();
