import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect } from 'vitest';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments: { filename: string | null; mimeType: string; content: string }[];
}

/** A real SMTP server on a free port that keeps what it receives, for email tests. */
export function useSmtpSink() {
  const received: ReceivedMail[] = [];
  // While stalled, a message's data is read but never acknowledged: the sender waits.
  let gate: Promise<void> | undefined;
  const waiting = { count: 0 };
  let server: SMTPServer | undefined;
  let port = 0;
  /** Addresses the server refuses for good (550), e.g. to test a message that can never go. */
  const rejected = new Set<string>();
  /** Addresses the server turns away for now (451, "try again later"): every attempt fails temporarily. */
  const deferred = new Set<string>();
  /** RCPT TO commands seen per address (lower case): attempts to send to it, delivered or not. */
  const attempts = new Map<string, number>();
  const listen = async (onPort: number) => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, done) {
        const to = address.address.toLowerCase();
        attempts.set(to, (attempts.get(to) ?? 0) + 1);
        if (rejected.has(to)) return done(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        if (deferred.has(to)) return done(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
        done();
      },
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          if (gate) {
            waiting.count++;
            await gate;
            waiting.count--;
          }
          const mail = await PostalMime.parse(Buffer.concat(chunks));
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: mail.html ?? undefined,
            attachments: mail.attachments.map((a) => ({
              filename: a.filename,
              mimeType: a.mimeType,
              content: typeof a.content === 'string' ? a.content : new TextDecoder().decode(a.content),
            })),
          });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server!.listen(onPort, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
  };
  const close = () => new Promise<void>((resolve) => (server ? server.close(resolve) : resolve()));
  beforeAll(() => listen(0));
  afterAll(close);
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    rejected,
    deferred,
    attempts,
    /** Take the mail server down (connections are refused) … */
    stop: close,
    /** … and bring it back on the same port. */
    start: () => listen(port),
    /** Stop acknowledging messages (senders hang in DATA) until the returned function is called. */
    stall(): () => void {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
    /** Messages held by `stall` right now. */
    get stalled() {
      return waiting.count;
    },
    /** Wait for the next email to `to` that arrives after `since` emails were already there. */
    async next(to: string, since = 0): Promise<ReceivedMail> {
      let found: ReceivedMail | undefined;
      await expect
        .poll(() => (found = received.slice(since).find((m) => m.to.includes(to.toLowerCase()))), { timeout: 5000 })
        .toBeTruthy();
      return found!;
    },
  };
}
