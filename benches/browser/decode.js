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

// The bodies are 'a'..'z' repeated: the last unit of a body of length n is 'a' + (n-1) % 26.
function wrongBody(body) {
  const n = body.length;
  const at = (i) => (typeof body === 'string' ? body.charCodeAt(i) : body[i]);
  return n > 0 && (at(0) !== 97 || at(n - 1) !== 97 + ((n - 1) % 26));
}

// One pass over every chunk; returns [frames seen, body bytes (or chars) seen, wrong bodies].
// `check` also verifies each body's content (the warm-up pass), which catches a wrong offset.
function pass(ctx, side, buf, check = false) {
  let frames = 0;
  let seen = 0;
  let wrong = 0;
  const sink = check
    ? (body) => { frames++; seen += body.length; if (wrongBody(body)) wrong++; }
    : (body) => { frames++; seen += body.length; };
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
  return [frames, seen, wrong];
}

export function decodeCase(ctx, c, side) {
  const buf = buffers(ctx.ours, c);
  const [frames, seen, wrong] = pass(ctx, side, buf, true); // warm-up, and the correctness check
  if (frames !== c.frames || seen !== c.frames * c.body || wrong !== 0) {
    throw new Error(`decode ${c.label} ${side}: ${frames} frames / ${seen} body units / ${wrong} wrong bodies, want ${c.frames} / ${c.frames * c.body} / 0`);
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
