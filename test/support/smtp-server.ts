import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = Readonly<{
  /** Who the message was delivered to (RCPT TO), which is what decides who gets it. */
  recipients: string[];
  from: string;
  subject: string;
  text: string;
  /** The whole message as sent, headers included, for checking what it must not contain. */
  raw: string;
}>;

export type TestSmtpServer = {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  /** Messages accepted so far, in arrival order; each is here before the sender hears "250". */
  received: ReceivedMail[];
  /** While true, every message is refused with a temporary failure (451), as a relay that is down. */
  refusing: boolean;
  /** Resolves once `count` messages have arrived; rejects if they have not within `withinMs`. */
  waitForMessages(count: number, withinMs?: number): Promise<void>;
  close(): Promise<void>;
};

/** A real SMTP server on 127.0.0.1 (port chosen by the system) that keeps what it receives. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const state = { refusing: false };
  const arrivals = new EventEmitter();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    async onData(stream, session, callback) {
      try {
        const raw = await readAll(stream);
        if (state.refusing) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        const parsed = await simpleParser(raw);
        received.push({
          recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          from: parsed.from?.text ?? '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          raw: raw.toString('utf8'),
        });
        arrivals.emit('message');
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get refusing() {
      return state.refusing;
    },
    set refusing(value: boolean) {
      state.refusing = value;
    },
    waitForMessages: (count, withinMs = 10_000) => waitFor(() => received.length >= count, arrivals, withinMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function waitFor(done: () => boolean, arrivals: EventEmitter, withinMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      clearTimeout(timer);
      arrivals.off('message', check);
      resolve();
    };
    const timer = setTimeout(() => {
      arrivals.off('message', check);
      reject(new Error(`messages did not arrive within ${withinMs}ms`));
    }, withinMs);
    arrivals.on('message', check);
    check();
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
