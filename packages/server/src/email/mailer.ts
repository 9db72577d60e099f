import nodemailer from 'nodemailer';
import type { Sql } from '../db/client';
import { insertDevMail } from '../db/queries/dev-mail';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Files sent with the message (the visit's calendar file). */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

/** Where emails go. One seam for invitations and resets now, every notification later. */
export interface Mailer {
  readonly kind: 'smtp' | 'dev-mailbox';
  /** The sender (MAIL_FROM), e.g. `Arrivo <no-reply@arrivo.localhost>`. */
  readonly from: string;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function createSmtpMailer(url: string, from: string): Mailer {
  // Bounded waits: a hanging server fails the attempt (retried later) instead of holding a worker.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    kind: 'smtp',
    from,
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}

/** Keeps emails in the database so a developer can read them at /dev/mailbox. */
export function createDevMailbox(sql: Sql, from: string): Mailer {
  return {
    kind: 'dev-mailbox',
    from,
    async send(message) {
      await insertDevMail(sql, { from, ...message });
    },
    close: () => {},
  };
}
