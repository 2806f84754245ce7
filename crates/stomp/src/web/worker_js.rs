//! The script of the socket's Worker (see `worker_socket.rs`), kept apart so the Rust side
//! reads without it. It is started from a Blob URL: no extra file for the app to serve.
//!
//! From the page it takes: an object `{u, p}` (open `u` offering subprotocols `p`), a string
//! or an ArrayBuffer (send it as a text or binary message), `1` (the last batch was handled)
//! `2` (close with 1000, then exit: the page has gone) and `3` (close with 1000 and report it). To the page it posts batches `{e, b}`: `e` the
//! events in order — a string or ArrayBuffer per message, `{o: protocol}` for open,
//! `{c, r, w}` for close (code, reason, wasClean), `{x: text}` when the constructor threw —
//! `b` the socket's bufferedAmount, `a` how long (ms) its first event waited in the worker and `g`
//! how much of that came after the page had handled the previous batch (the batching's own
//! delay); finally `null` when it is about to exit.
//!
//! Batching: an event goes at once when no batch is waiting for the page and the last one
//! went at least `GAP` ms ago (so a quiet chat gets no added latency); otherwise it waits for
//! the page's `1` and for that interval, coalescing with whatever else arrives. Open and
//! close go at once. Received buffers are transferred to the page, never copied.
pub(crate) const WORKER_JS: &str = r#"'use strict';
const GAP=16;let ws=null,q=[],tr=[],waiting=false,timer=0,last=-1e9,gone=false,first=0,acked=0;
function add(x){if(!q.length)first=performance.now();q.push(x);}
function flush(){if(timer){clearTimeout(timer);timer=0;}if(!q.length)return;
waiting=true;last=performance.now();const e=q,t=tr;q=[];tr=[];
postMessage({e:e,b:ws?ws.bufferedAmount:0,a:last-first,g:last-Math.max(first,acked)},t);}
function later(){if(waiting||timer||!q.length)return;const d=last+GAP-performance.now();
if(d<=0)flush();else timer=setTimeout(flush,d);}
function bye(){if(gone)return;gone=true;postMessage(null);close();}
function open(u,p){try{ws=new WebSocket(u,p);}catch(err){add({x:String(err&&err.message||err)});flush();return;}
ws.binaryType='arraybuffer';
ws.onopen=function(){add({o:ws.protocol});flush();};
ws.onmessage=function(ev){const d=ev.data;if(typeof d!=='string')tr.push(d);add(d);later();};
ws.onclose=function(ev){add({c:ev.code,r:ev.reason,w:ev.wasClean});flush();};}
function send(d){if(!ws)return;try{ws.send(d);}catch(err){ws.onclose=null;ws.onmessage=null;
try{ws.close(1000);}catch(_){}add({c:1006,r:'WebSocket send failed: '+String(err&&err.message||err),w:false});flush();}}
function shut(){q=[];tr=[];if(timer){clearTimeout(timer);timer=0;}
if(ws&&ws.readyState<2){ws.onmessage=null;ws.onopen=null;ws.onclose=bye;ws.close(1000);setTimeout(bye,1000);}else bye();}
onmessage=function(ev){const d=ev.data;if(typeof d==='string'||d instanceof ArrayBuffer)send(d);
else if(d===1){waiting=false;acked=performance.now();later();}else if(d===2)shut();else if(d===3){if(ws)ws.close(1000);}else if(d&&d.u)open(d.u,d.p);};
"#;
