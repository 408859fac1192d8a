import WebSocket from 'ws';
const port = process.argv[2];
const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { origin: `http://127.0.0.1:${port}` });
const t0 = Date.now();
ws.on('open', () => ws.send(JSON.stringify({ id: 1, method: 'sync.status', input: {} })));
ws.on('message', (d) => {
  const m = JSON.parse(String(d));
  const s = m.event?.status ?? m.envelope?.value;
  if (m.event && m.event.type !== 'sync.status') { console.log(Date.now()-t0, 'event', m.event.type, JSON.stringify(m.event).slice(0,100)); return; }
  if (s) console.log(Date.now()-t0, JSON.stringify(s));
});
setTimeout(() => process.exit(0), Number(process.argv[3] ?? 15000));
