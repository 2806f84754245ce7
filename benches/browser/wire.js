// Hand-written STOMP for the raw WebSocket sides: just enough to connect, subscribe and spot
// a RECEIPT, so the raw figures are the cost of the socket alone.

const enc = new TextEncoder();

export function frame(command, headers, body = '') {
  const head = Object.entries(headers).map(([k, v]) => `${k}:${v}\n`).join('');
  return `${command}\n${head}\n${body}\0`;
}

export function connectFrame(b) {
  const h = { 'accept-version': '1.2', host: '/', 'heart-beat': '0,0' };
  if (b.login) Object.assign(h, { login: b.login, passcode: b.passcode });
  return frame('CONNECT', h);
}

export function commandOf(data) {
  const s = typeof data === 'string' ? data.slice(0, 16) : new TextDecoder().decode(new Uint8Array(data, 0, Math.min(16, data.byteLength)));
  return s.split('\n')[0];
}

// Opens a raw socket and resolves once CONNECTED arrived. `onFrame` then gets every message.
export function rawConnect(b, onMessage) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(b.url, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
    ws.binaryType = 'arraybuffer';
    let connected = false;
    ws.onopen = () => ws.send(connectFrame(b));
    ws.onerror = () => reject(new Error('raw socket error: ' + b.url));
    ws.onclose = (e) => { if (!connected) reject(new Error(`raw socket closed ${e.code} ${e.reason}`)); };
    ws.onmessage = (e) => {
      const cmd = commandOf(e.data);
      if (cmd !== 'CONNECTED') return reject(new Error('raw: expected CONNECTED, got ' + cmd));
      connected = true;
      ws.onmessage = onMessage;
      resolve(ws);
    };
  });
}

export function stompjsClient(StompJs, b) {
  return new Promise((resolve, reject) => {
    const headers = { host: '/' };
    if (b.login) Object.assign(headers, { login: b.login, passcode: b.passcode });
    const client = new StompJs.Client({
      brokerURL: b.url,
      connectHeaders: headers,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 0,
      debug: () => {},
    });
    client.onConnect = () => resolve(client);
    client.onStompError = (f) => reject(new Error('stompjs ERROR: ' + f.headers.message));
    client.onWebSocketClose = (e) => reject(new Error(`stompjs socket closed ${e.code}`));
    client.activate();
  });
}

export const utf8 = (s) => enc.encode(s);
