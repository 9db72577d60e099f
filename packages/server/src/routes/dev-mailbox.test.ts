import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { useTestDatabase } from '../../test/database';
import { dayFromNow, makeAccount, makeBusiness, makeContact, makeSchedulingWorld, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken, silentLog } from '../../test/http';
import { createApp } from '../app';
import { buildDeps, type BuiltDeps } from '../build-deps';
import { insertDevMail } from '../db/queries/dev-mail';
import { createDevMailbox } from '../email/mailer';
import { loadEnv } from '../env';

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

  it('shows a booking confirmation with its calendar file, ready to download', async () => {
    const w = await makeSchedulingWorld(web.deps);
    const token = await signInToken(web.url, w.business.slug, w.customer.email, PASSWORD);
    const me = `/api/businesses/${w.business.slug}/me`;
    const [slot] = (await call(web.url, 'GET', `${me}/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(2)}`, { token })).body.slots;
    const booked = await call(web.url, 'POST', `${me}/bookings`, { token, body: { serviceTypeId: w.serviceTypeId, arrivalAt: slot.arrivalAt }, headers: { 'idempotency-key': randomUUID() } });
    expect(booked.status).toBe(201);
    const [mail] = await expect
      .poll(async () => web.sql`SELECT id::text FROM dev_mail WHERE to_address = ${w.customer.email} AND subject LIKE '%is booked'`, { timeout: 5000 })
      .toHaveLength(1)
      .then(() => web.sql<{ id: string }[]>`SELECT id::text FROM dev_mail WHERE to_address = ${w.customer.email}`);
    const page = await (await fetch(`${web.url}/dev/mailbox/${mail!.id}`)).text();
    expect(page).toContain(`href="/dev/mailbox/${mail!.id}/attachments/0"`);
    expect(page).toContain('visit.ics');
    const file = await fetch(`${web.url}/dev/mailbox/${mail!.id}/attachments/0`);
    expect(file.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await file.text();
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:booking-${booked.body.id}@arrivo`);
    expect((await fetch(`${web.url}/dev/mailbox/${mail!.id}/attachments/1`)).status).toBe(404);
  });
});

describe('with SMTP configured', () => {
  const web = useTestApp();

  it('has no mailbox page', async () => {
    expect(web.deps.mailer.kind).toBe('smtp');
    expect((await fetch(`${web.url}/dev/mailbox`)).status).toBe(404);
  });
});

describe('dev mailbox order', () => {
  const web = useTestApp({ env: { SMTP_URL: '' } });

  it('lists the newest first, by number (25 before 9), and is never cached', async () => {
    const before = Number((await web.sql`SELECT coalesce(max(id), 0)::int AS n FROM dev_mail`)[0]!.n);
    for (let i = 1; i <= 12; i++) await insertDevMail(web.sql, { from: 'a@example.com', to: `n${i}@example.com`, subject: `Mail ${i}`, text: '.' });
    const res = await fetch(`${web.url}/dev/mailbox`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const ids = [...(await res.text()).matchAll(/href="\/dev\/mailbox\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids.length).toBe(12);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => before + 12 - i));
  });
});

describe('in production', () => {
  const db = useTestDatabase();
  let deps: BuiltDeps | undefined;
  afterAll(() => deps?.close());
  const production = { NODE_ENV: 'production', AUTH_SECRET: 's'.repeat(32), LOG_LEVEL: 'silent' };

  it('needs SMTP_URL to start at all', () => {
    expect(() => loadEnv(production)).toThrow(/SMTP_URL: is required when NODE_ENV=production/);
  });

  it('has no /dev/mailbox, even with a mailbox mailer wired in', async () => {
    const env = loadEnv({ ...production, SMTP_URL: 'smtp://127.0.0.1:1' });
    deps = buildDeps({ sql: db.sql, databaseUrl: db.url, env, log: silentLog, publicUrl: 'http://localhost', mailer: createDevMailbox(db.sql, env.MAIL_FROM) });
    await insertDevMail(db.sql, { from: 'a@example.com', to: 'b@example.com', subject: 'Reset', text: 'secret link' });
    const app = createApp(deps);
    expect((await app.request('/dev/mailbox')).status).toBe(404);
    expect((await app.request('/dev/mailbox/1')).status).toBe(404);
  });
});
