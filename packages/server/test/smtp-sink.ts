import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect } from 'vitest';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

/** A real SMTP server on a free port that keeps what it receives, for email tests. */
export function useSmtpSink() {
  const received: ReceivedMail[] = [];
  let server: SMTPServer | undefined;
  let port = 0;
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const mail = await PostalMime.parse(Buffer.concat(chunks));
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: mail.html ?? undefined,
          });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(resolve));
  });
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
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
