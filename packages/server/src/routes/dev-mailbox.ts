// /dev/mailbox: when no SMTP server is configured, the emails Arrivo "sent", for developers and
// the demo. Plain server-rendered HTML (escaped by hono/html), no script.
import { Hono } from 'hono';
import { html } from 'hono/html';
import { devMailbox } from '../services/dev-mailbox';

const page = (title: string, body: unknown) => html`<!doctype html>
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} · Arrivo dev mailbox</title>
    </head>
    <body>
      <main>${body}</main>
    </body>
  </html>`;

export function devMailboxRoutes(deps: Parameters<typeof devMailbox.list>[0]) {
  return new Hono()
    .get('/', async (c) => {
      const mails = await devMailbox.list(deps);
      return c.html(
        page(
          'Mailbox',
          html`<h1>Dev mailbox</h1>
            <p>Emails are kept here because no SMTP_URL is configured. Newest first.</p>
            ${mails.length === 0
              ? html`<p>No emails yet.</p>`
              : html`<table>
                  <thead>
                    <tr><th>When</th><th>To</th><th>Subject</th></tr>
                  </thead>
                  <tbody>
                    ${mails.map(
                      (m) => html`<tr>
                        <td>${m.createdAt.toISOString()}</td>
                        <td>${m.toAddress}</td>
                        <td><a href="/dev/mailbox/${m.id}">${m.subject}</a></td>
                      </tr>`,
                    )}
                  </tbody>
                </table>`}`,
        ),
      );
    })
    .get('/:id{[0-9]+}', async (c) => {
      const mail = await devMailbox.get(deps, c.req.param('id'));
      if (!mail) return c.html(page('Not found', html`<p>No such email. <a href="/dev/mailbox">Back</a></p>`), 404);
      return c.html(
        page(
          mail.subject,
          html`<p><a href="/dev/mailbox">← All emails</a></p>
            <h1>${mail.subject}</h1>
            <dl>
              <dt>From</dt><dd>${mail.fromAddress}</dd>
              <dt>To</dt><dd>${mail.toAddress}</dd>
              <dt>Sent</dt><dd>${mail.createdAt.toISOString()}</dd>
            </dl>
            <pre data-mail-text>${mail.textBody}</pre>
            ${mail.attachments.length
              ? html`<h2>Attachments</h2>
                  <ul data-mail-attachments>
                    ${mail.attachments.map((a, i) => html`<li><a href="/dev/mailbox/${mail.id}/attachments/${i}" download="${a.filename}">${a.filename}</a> (${a.contentType.split(';')[0]})</li>`)}
                  </ul>`
              : ''}`,
        ),
      );
    })
    .get('/:id{[0-9]+}/attachments/:n{[0-9]+}', async (c) => {
      const mail = await devMailbox.get(deps, c.req.param('id'));
      const file = mail?.attachments[Number(c.req.param('n'))];
      if (!file) return c.html(page('Not found', html`<p>No such attachment. <a href="/dev/mailbox">Back</a></p>`), 404);
      return c.body(file.content, 200, { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"` });
    });
}
