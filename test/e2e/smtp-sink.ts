// Run inside a lab namespace: a real SMTP server (test/smtp/servers.ts) on 127.0.0.1:PORT that
// prints "LISTENING" and then one JSON line per mail it accepts.
import { startRealServer } from '../smtp/servers.js';

const port = Number(process.argv[2] ?? 0);
const server = await startRealServer();
if (port !== 0 && server.port !== port) throw new Error('use port 0 or a fixed port through the sink');
console.log(`LISTENING ${server.port}`);
let seen = 0;
setInterval(() => {
  for (; seen < server.mails.length; seen++) console.log(JSON.stringify(server.mails[seen]));
}, 50);
