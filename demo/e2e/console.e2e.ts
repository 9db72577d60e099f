// `npm run test:e2e`: the office's side through the demo site in headless Chromium, against the
// real server and a throw-away embedded PostgreSQL. An admin signs in on the staff page, creates
// an account and a contact and sends an invitation; the contact redeems it from the dev mailbox in
// their own browser and books a visit; the visit is on the admin's bookings board, and its status
// change shows there live (the board is never reloaded). A failing step leaves screenshots in
// .test-artifacts/; any Content-Security-Policy violation fails the run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RunningServer } from '@arrivo/server';
import { DEMO_PASSWORD } from '../seed';
import { startJourney, type Journey } from './journey';

const ADMIN = 'alex@rosecity.example';
const DISPATCHER = 'dana@rosecity.example';

let journey: Journey;
let server: RunningServer;
/** The admin's browser (staff page). */
let page: Page;
/** The new contact's own browser (its own storage, so its own session). */
let customerPage: Page | undefined;

before(async () => {
  journey = await startJourney({ prefix: 'console-', pages: () => ({ admin: page, customer: customerPage }) });
  server = journey.server;
  const context = await journey.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await journey.watch(context);
  page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
});

after(() => journey?.close());

const step = (name: string, run: () => Promise<void>) => journey.step(name, run);

/** Staff calls through the API (the dispatcher, elsewhere in the office). */
async function staffApi<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const base = `${server.url}/api/businesses/rose-city`;
  const session = await fetch(`${base}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DISPATCHER, password: DEMO_PASSWORD }) });
  assert.equal(session.status, 200);
  const { token } = (await session.json()) as { token: string };
  const res = await fetch(`${base}/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
}

test('an admin creates an account and contact and invites them; the contact books; the board shows the visit and its status live', async () => {
  const admin = page.locator('arrivo-admin-console');
  const suffix = Math.random().toString(36).slice(2, 8);
  const accountName = `Mississippi Ave Studio ${suffix}`;
  const email = `rosa.${suffix}@example.com`;

  await step('the admin signs in on the staff page', async () => {
    await page.goto(`${server.url}/staff.html`);
    await admin.getByLabel('Email').fill(ADMIN);
    await admin.getByLabel('Password').fill(DEMO_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByText('Signed in as Alex Morgan · Administrator').waitFor();
  });

  const accounts = admin.locator('arrivo-admin-accounts');
  await step('creates an account with its address and coordinates', async () => {
    await admin.getByRole('button', { name: 'Accounts and contacts' }).click();
    await accounts.getByRole('button', { name: 'New account' }).click();
    const form = accounts.locator('form[aria-labelledby="account-title"]');
    await form.getByLabel('Name', { exact: true }).fill(accountName);
    await form.getByLabel('Address', { exact: true }).fill('4000 N Mississippi Ave');
    await form.getByLabel('City', { exact: true }).fill('Portland');
    await form.getByLabel('Postal code').fill('97227');
    await form.getByLabel('Latitude').fill('45.5526');
    await form.getByLabel('Longitude').fill('-122.6755');
    await form.getByRole('button', { name: 'Create account' }).click();
    await accounts.getByRole('heading', { name: `Contacts of ${accountName}` }).waitFor();
  });

  await step('adds a contact, who is invited automatically, and creates an invitation', async () => {
    const form = accounts.locator('form[aria-labelledby="add-contact-title"]');
    await form.getByLabel('First name').fill('Rosa');
    await form.getByLabel('Last name').fill('Console');
    await form.getByLabel('Email').fill(email);
    await form.getByRole('button', { name: 'Add contact' }).click();
    await accounts.locator('[part="notice"]', { hasText: 'Rosa Console added and invited by email.' }).waitFor();
    const contact = accounts.locator('[data-contact]', { hasText: email });
    // Invitation emails leave through the queue, possibly in parallel: let the automatic one land in
    // the mailbox before sending the next, so "newest first" there is the invitation that is valid.
    const mailbox = await journey.browser.newPage();
    const invitationMails = mailbox.locator('tr', { hasText: email }).getByRole('link', { name: /invitation to book online/ });
    for (let tries = 0; tries < 50 && (await invitationMails.count()) < 1; tries++) {
      await mailbox.goto(`${server.url}/dev/mailbox`);
      if ((await invitationMails.count()) < 1) await mailbox.waitForTimeout(200);
    }
    assert.equal(await invitationMails.count(), 1, 'the automatic invitation reached the mailbox');
    await mailbox.close();
    // “Create Invitation” again: a new code, the automatic one revoked.
    await contact.getByRole('button', { name: /Resend invitation/ }).click();
    await accounts.locator('[part="notice"]', { hasText: `Invitation sent to ${email}.` }).waitFor();
    await contact.getByRole('button', { name: /Invitation history/ }).click();
    const states = accounts.locator('[data-history] tbody tr');
    await states.nth(1).waitFor();
    assert.deepEqual((await states.locator('td:nth-child(2)').allInnerTexts()).map((s) => s.trim()), ['Sent', 'Revoked']);
  });

  const portal = () => customerPage!.locator('arrivo-portal');
  await step('the contact redeems the newest invitation from the dev mailbox, in their own browser', async () => {
    const context = await journey.browser.newContext({ viewport: { width: 1000, height: 900 } });
    await journey.watch(context);
    customerPage = await context.newPage();
    customerPage.on('pageerror', (err) => console.error('customer page error:', err.message));
    // Newest first: the second invitation (the first one's code was revoked by it).
    const invitations = customerPage.locator('tr', { hasText: email }).getByRole('link', { name: /invitation to book online/ });
    for (let tries = 0; tries < 50; tries++) {
      await customerPage.goto(`${server.url}/dev/mailbox`);
      if ((await invitations.count()) === 2) break;
      await customerPage.waitForTimeout(200);
    }
    assert.equal(await invitations.count(), 2);
    await invitations.first().click();
    const link = /(http\S+#arrivo-redeem=\S+)/.exec(await customerPage.locator('[data-mail-text]').innerText())?.[1];
    assert.ok(link, 'the email has a link with the code');
    await customerPage.goto(link!);
    await portal().getByRole('tab', { name: 'Redeem invitation', selected: true }).waitFor();
    await portal().getByRole('button', { name: 'Continue' }).click();
    await portal().getByLabel('New password').fill('rosa picks a long password');
    await portal().getByRole('button', { name: 'Create account' }).click();
    await portal().getByRole('heading', { name: 'Your profile' }).waitFor();
    await portal().getByRole('button', { name: 'Skip for now' }).click();
  });

  await step('and books a visit (any time shown can be booked)', async () => {
    await portal().locator('button.book').click();
    await portal().getByLabel('Service type').selectOption({ label: 'Drain cleaning' });
    await portal().locator('[part~="day"]:not([disabled])').first().click();
    await portal().locator('[part~="times"] [part~="time"]').first().click();
    await portal().getByRole('button', { name: 'Book', exact: true }).click();
    await portal().getByRole('heading', { name: 'Your visit is booked' }).waitFor();
  });

  // Where the visit is: found through the staff API’s board, the next two weeks (from yesterday in UTC: the business’s today).
  let visit = { id: '', date: '' };
  await step('the visit is on the admin’s bookings board', async () => {
    for (let d = -1; d < 15 && !visit.id; d++) {
      const date = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
      const board = await staffApi<{ date: string; technicians: { visits: { bookingId: string; accountName: string }[] }[] }>('GET', `/board?date=${date}`);
      const found = board.body.technicians.flatMap((t) => t.visits).find((v) => v.accountName === accountName);
      if (found) visit = { id: found.bookingId, date: board.body.date };
    }
    assert.ok(visit.id, 'the staff API’s board has the visit');
    await admin.getByRole('button', { name: 'Bookings board' }).click();
    const board = admin.locator('arrivo-admin-board');
    await board.locator('[part="board"]').waitFor();
    await board.locator('input[type="date"]').fill(visit.date);
    const segment = board.locator(`[data-booking="${visit.id}"]`);
    await segment.waitFor();
    assert.equal(await segment.getAttribute('data-status'), 'scheduled');
    assert.match(await segment.innerText(), new RegExp(accountName));
    // From here on the admin's page is never loaded again: this mark would be gone.
    await page.evaluate('window.arrivoNoReload = true');
  });

  await step('its status changes elsewhere, and the board shows it live', async () => {
    const moved = await staffApi('POST', `/bookings/${visit.id}/status`, { status: 'traveling' });
    assert.equal(moved.status, 200);
    await admin.locator(`arrivo-admin-board [data-booking="${visit.id}"][data-status="traveling"]`).waitFor();
    assert.equal(await page.evaluate('window.arrivoNoReload'), true, 'the board was not reloaded');
  });

  await step('no page broke its Content-Security-Policy', async () => {
    assert.deepEqual(journey.violations, []);
  });
});
