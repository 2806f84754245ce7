// Decoding alone: the same pre-built MESSAGE frames, one chunk per frame as a WebSocket
// delivers them, through stompjs' Parser and through our wasm decoder. Every body is handed
// to a callback that touches it, which is the work a client does per message.
//   stompjs-raw   Parser → onFrame(raw) → raw.binaryBody          (bytes)
//   ours-bytes    WasmDecoder("copy")   → on_body(Uint8Array)      (bytes, a copy it may keep)
//   ours-view     WasmDecoder("view")   → on_body(Uint8Array view) (bytes, valid during the call)
//   ours-chunk    WasmDecoder("chunk")  → on_body(chunk.subarray)  (bytes, no copy out, may keep)
//   stompjs-frame Parser → FrameImpl.fromRawFrame(raw) → .body     (text, what Client does)
//   ours-text     WasmDecoder("text")   → on_body(string)          (text)

const cache = new Map();

function buffers(ours, c) {
  if (!cache.has(c.label)) {
    const chunks = [];
    let wire = 0;
    for (let i = 0; i < c.frames; i++) {
      const bytes = ours.message_frame(c.body, i); // a fresh Uint8Array over its own buffer
      chunks.push(bytes.buffer);
      wire += bytes.byteLength;
    }
    cache.set(c.label, { chunks, views: chunks.map((b) => new Uint8Array(b)), wire });
  }
  return cache.get(c.label);
}

// One pass over every chunk; returns [frames seen, body bytes (or chars) seen].
function pass(ctx, side, buf) {
  let frames = 0;
  let seen = 0;
  const sink = (body) => { frames++; seen += body.length; };
  const { StompJs, ours } = ctx;
  switch (side) {
    case 'stompjs-raw': {
      const p = new StompJs.Parser((raw) => sink(raw.binaryBody), () => {});
      for (const chunk of buf.chunks) p.parseChunk(chunk);
      break;
    }
    case 'stompjs-frame': {
      const p = new StompJs.Parser((raw) => sink(StompJs.FrameImpl.fromRawFrame(raw, true).body), () => {});
      for (const chunk of buf.chunks) p.parseChunk(chunk);
      break;
    }
    case 'ours-bytes':
    case 'ours-view':
    case 'ours-chunk':
    case 'ours-text': {
      const d = new ours.WasmDecoder({ 'ours-bytes': 'copy', 'ours-view': 'view', 'ours-chunk': 'chunk', 'ours-text': 'text' }[side]);
      try {
        for (const view of buf.views) d.feed(view, sink);
      } finally {
        d.free();
      }
      break;
    }
    default:
      throw new Error('unknown decode side ' + side);
  }
  return [frames, seen];
}

export function decodeCase(ctx, c, side) {
  const buf = buffers(ctx.ours, c);
  const [frames, seen] = pass(ctx, side, buf); // warm-up, and the correctness check
  if (frames !== c.frames || seen !== c.frames * c.body) {
    throw new Error(`decode ${c.label} ${side}: ${frames} frames / ${seen} body units, want ${c.frames} / ${c.frames * c.body}`);
  }
  let passes = 0;
  const t0 = performance.now();
  let ms = 0;
  do {
    pass(ctx, side, buf);
    passes++;
    ms = performance.now() - t0;
  } while (ms < c.minMs);
  return { frames: frames * passes, wireBytes: buf.wire * passes, ms };
}
