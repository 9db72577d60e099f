import type { Sql } from '../client';

export interface DevMailRow {
  id: string;
  toAddress: string;
  fromAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  attachments: { filename: string; content: string; contentType: string }[];
  createdAt: Date;
}

export async function insertDevMail(
  sql: Sql,
  mail: { from: string; to: string; subject: string; text: string; html?: string; attachments?: DevMailRow['attachments'] },
): Promise<void> {
  await sql`
    INSERT INTO dev_mail (to_address, from_address, subject, text_body, html_body, attachments)
    VALUES (${mail.to}, ${mail.from}, ${mail.subject}, ${mail.text}, ${mail.html ?? null}, ${sql.json(mail.attachments ?? [])})`;
}

/** Newest first, by the numeric column (a bare `id` would sort the text alias: "9" before "25"). */
export async function listDevMail(sql: Sql, limit = 100): Promise<DevMailRow[]> {
  return sql<DevMailRow[]>`
    SELECT id::text, to_address, from_address, subject, text_body, html_body, attachments, created_at
    FROM dev_mail ORDER BY dev_mail.id DESC LIMIT ${limit}`;
}

export async function findDevMail(sql: Sql, id: string): Promise<DevMailRow | undefined> {
  const [row] = await sql<DevMailRow[]>`
    SELECT id::text, to_address, from_address, subject, text_body, html_body, attachments, created_at
    FROM dev_mail WHERE id = ${id}`;
  return row;
}
