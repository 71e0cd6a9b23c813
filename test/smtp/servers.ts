// SMTP servers on loopback for the SMTP client tests: a real one (the smtp-server package) and a
// scripted raw one that records every byte the client sends.
import { createServer, type Server, type Socket } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  readonly helo: string;
  readonly from: string;
  readonly to: readonly string[];
  /** The DATA content as the server hands it over (dot-stuffing undone, terminator removed). */
  readonly data: string;
}

export interface RealServer {
  readonly port: number;
  readonly mails: ReceivedMail[];
  /** Sessions opened, and the most that were open at one time. */
  readonly stats: { opened: number; open: number; maxOpen: number };
  close(): Promise<void>;
}

/** smtp-server on 127.0.0.1:0 (authOptional, no STARTTLS), recording each accepted mail. */
export async function startRealServer(extra: Partial<SMTPServerOptions> = {}): Promise<RealServer> {
  const mails: ReceivedMail[] = [];
  const stats = { opened: 0, open: 0, maxOpen: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      stats.opened += 1;
      stats.open += 1;
      stats.maxOpen = Math.max(stats.maxOpen, stats.open);
      callback();
    },
    onClose() {
      stats.open -= 1;
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        mails.push({
          helo: session.hostNameAppearsAs,
          from: mailFrom === false ? '' : mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...extra,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    mails,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

export interface RawServer {
  readonly port: number;
  /** Everything each connection sent, as text, in connection order. */
  readonly transcripts: string[];
  close(): Promise<void>;
}

/**
 * A plain TCP server. `greet` is written on connect (undefined: say nothing, ever); then each
 * complete line the client sends is answered with `answer(line)` (undefined: no answer; null: close).
 * DATA content is recorded but not answered until its terminating ".".
 */
export async function startRawServer(greet: string | undefined, answer: (line: string) => string | undefined | null = () => undefined): Promise<RawServer> {
  const transcripts: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const index = transcripts.push('') - 1;
    let transcript = '';
    let pending = '';
    let inData = false;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      transcript += chunk;
      transcripts[index] = transcript;
      pending += chunk;
      for (let end = pending.indexOf('\r\n'); end >= 0; end = pending.indexOf('\r\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            reply(socket, answer('.'));
          }
          continue;
        }
        if (line === 'DATA') inData = true;
        reply(socket, answer(line));
      }
    });
    if (greet !== undefined) socket.write(greet);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    transcripts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function reply(socket: Socket, text: string | undefined | null): void {
  if (text === null) socket.end();
  else if (text !== undefined) socket.write(text);
}

/** A loopback port with nobody listening: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return address.port;
}
