import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { makeAccount, makeBusiness, makeContact, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

describe('dev mailbox (no SMTP configured)', () => {
  const web = useTestApp({ env: { SMTP_URL: '' } });

  it('keeps sent emails and shows them at /dev/mailbox, escaped', async () => {
    expect(web.deps.mailer.kind).toBe('dev-mailbox');
    const business = await makeBusiness(web.sql);
    await web.sql`UPDATE business SET name = ${'Bob <script>alert(1)</script> & Sons'} WHERE id = ${business.id}`;
    const staff = await makeStaff(web.deps, business.id, 'admin');
    const token = await signInToken(web.url, business.slug, staff.email, PASSWORD);
    const { contactId, email } = await makeContact(web.sql, business.id, await makeAccount(web.sql, business.id));
    const invited = await call(web.url, 'POST', `/api/businesses/${business.slug}/admin/contacts/${contactId}/invitations`, { token });
    expect(invited.body.emailQueued).toBe(true);

    // The worker delivers it to the mailbox (and not to SMTP) shortly after.
    let list = '';
    await expect.poll(async () => (list = await (await fetch(`${web.url}/dev/mailbox`)).text()), { timeout: 5000 }).toContain(email);
    expect(web.mail.received).toEqual([]);
    expect(list).not.toContain('<script>alert(1)</script>');
    expect(list).toContain('&lt;script&gt;');
    const id = /href="\/dev\/mailbox\/(\d+)"/.exec(list)![1];
    const message = await (await fetch(`${web.url}/dev/mailbox/${id}`)).text();
    expect(message).toMatch(/code: [0-9A-Z]{4}(-[0-9A-Z]{4}){7}/);
    expect((await fetch(`${web.url}/dev/mailbox/999999`)).status).toBe(404);
  });
});

describe('with SMTP configured', () => {
  const web = useTestApp();

  it('has no mailbox page', async () => {
    expect(web.deps.mailer.kind).toBe('smtp');
    expect((await fetch(`${web.url}/dev/mailbox`)).status).toBe(404);
  });
});
