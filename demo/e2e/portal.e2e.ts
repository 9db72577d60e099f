// `npm run test:e2e`: the customer journey through the demo site in headless Chromium, against
// the real server and a throw-away embedded PostgreSQL. A failing step leaves a screenshot in
// .test-artifacts/.
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadEnv, startServer, type RunningServer } from '@arrivo/server';
import { freePort } from '../../packages/server/test/free-port';
import { hostDemo } from '../host';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = '.test-artifacts';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'arrivo-e2e-'));
  await chmod(dataDir, 0o755);
  const env = { ...loadEnv({ LOG_LEVEL: 'warn' }), DATABASE_URL: undefined, PORT: 0, ARRIVO_DATA_DIR: join(dataDir, 'pg'), ARRIVO_PG_PORT: await freePort() };
  server = await startServer({ env, configure: (app, deps) => hostDemo(app, deps) });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Run one step; on failure keep a screenshot of the page as it was. */
async function step(name: string, run: () => Promise<void>) {
  try {
    await run();
  } catch (err) {
    await mkdir(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${name.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`step "${name}" failed; screenshot: ${file}`);
    throw err;
  }
}

test('a customer redeems an invitation, books, modifies, cancels, and sees it in Past', async () => {
  const portal = page.locator('arrivo-portal');

  await step('open the invitation from the dev mailbox', async () => {
    // The seed's invitations are sent by the server's job worker just after start: wait for one.
    const invitation = page.getByRole('link', { name: /invitation to book online/ }).first();
    for (let tries = 0; tries < 50; tries++) {
      await page.goto(`${server.url}/dev/mailbox`);
      if (await invitation.count()) break;
      await page.waitForTimeout(200);
    }
    await invitation.click(); // newest first
    const text = await page.locator('[data-mail-text]').innerText();
    const link = /(http\S+#arrivo-redeem=\S+)/.exec(text)?.[1];
    assert.ok(link, 'the email has a link with the code');
    await page.goto(link!);
  });

  await step('redeem the invitation and create the account', async () => {
    await assert.doesNotReject(portal.getByRole('tab', { name: 'Redeem invitation', selected: true }).waitFor());
    const code = await portal.getByLabel('Invitation code').inputValue();
    assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    await portal.getByRole('button', { name: 'Continue' }).click();
    await portal.getByLabel('New password').fill('priya picks a good password');
    await portal.getByRole('button', { name: 'Create account' }).click();
  });

  await step('the first sign-in shows the profile, which can be skipped', async () => {
    await portal.getByRole('heading', { name: 'Your profile' }).waitFor();
    await portal.getByRole('button', { name: 'Skip for now' }).click();
    await portal.getByRole('button', { name: 'Book a New Appointment' }).first().waitFor();
  });

  let booked = '';
  await step('book a visit', async () => {
    await portal.locator('button.book').click();
    await portal.getByLabel('Service type').selectOption({ label: 'Drain cleaning' });
    // Not the first open day: a visit inside the change cutoff (4 h by default, while the
    // minimum lead is 2 h) could not be modified in the next step at some times of day.
    const day = portal.locator('[part~="day"]:not([disabled])').nth(1);
    await day.click();
    const time = portal.locator('[part~="times"] [part~="time"]').first();
    booked = (await time.innerText()).trim();
    await time.click();
    await portal.getByLabel('Comments').fill('Kitchen floor drain is slow');
    await portal.getByRole('button', { name: 'Book', exact: true }).click();
    await portal.getByRole('heading', { name: 'Your visit is booked' }).waitFor();
    assert.match(await portal.locator('[part="confirmation"]').innerText(), /Drain cleaning/);
  });

  await step('find the confirmation with its calendar file in the dev mailbox', async () => {
    const mailbox = await browser.newPage();
    try {
      const confirmation = mailbox.getByRole('link', { name: /is booked/ }).first();
      for (let tries = 0; tries < 50; tries++) {
        await mailbox.goto(`${server.url}/dev/mailbox`);
        if (await confirmation.count()) break;
        await mailbox.waitForTimeout(200);
      }
      await confirmation.click();
      assert.match(await mailbox.locator('[data-mail-text]').innerText(), /Drain cleaning/);
      const file = mailbox.locator('[data-mail-attachments] a', { hasText: 'visit.ics' });
      const ics = await (await fetch(new URL((await file.getAttribute('href'))!, server.url))).text();
      assert.match(ics, /METHOD:REQUEST/);
      assert.match(ics, /UID:booking-[0-9a-f-]+@arrivo/);
    } finally {
      await mailbox.close();
    }
  });

  let when = '';
  await step('see it under Upcoming appointments', async () => {
    await portal.getByRole('button', { name: 'Back to my appointments' }).click();
    const card = portal.locator('[part~="appointment"][data-status="scheduled"]');
    await card.waitFor();
    when = await card.locator('.when').innerText();
    // The arrival window starts at the chosen time: "9:30 AM" shows as "9:30 – 10:30 AM".
    assert.ok(when.includes(booked.replace(/\s*[AP]M$/, '')), `${when} starts at ${booked}`);
  });

  await step('modify it to another time', async () => {
    const card = portal.locator('[part~="appointment"][data-status="scheduled"]');
    await card.getByRole('button', { name: 'Modify' }).click();
    const dialog = portal.locator('#modify-dialog');
    // The last open day shown: well outside the change cutoff, so it can still be canceled online.
    await dialog.locator('[part~="day"]:not([disabled])').last().click();
    await dialog.locator('[part~="times"] [part~="time"]').nth(2).click();
    await dialog.getByRole('button', { name: 'Save new time' }).click();
    await dialog.getByRole('heading', { name: 'Your visit was moved' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    // The list refreshes behind the dialog; give it up to 5 s to show the new time.
    for (let i = 0; i < 50 && (await card.locator('.when').innerText()) === when; i++) await page.waitForTimeout(100);
    assert.notEqual(await card.locator('.when').innerText(), when);
  });

  await step('cancel it with a reason', async () => {
    const card = portal.locator('[part~="appointment"][data-status="scheduled"]');
    await card.getByRole('button', { name: 'Cancel appointment' }).click();
    const dialog = portal.locator('#cancel-dialog');
    await dialog.getByRole('button', { name: 'Cancel appointment' }).click();
    await dialog.getByRole('alert').waitFor(); // a reason is required
    await dialog.getByLabel('Why are you canceling?').fill('The drain cleared by itself');
    await dialog.getByRole('button', { name: 'Cancel appointment' }).click();
    await portal.getByText('No upcoming appointments.').waitFor();
  });

  await step('find it under Past appointments', async () => {
    await portal.getByRole('tab', { name: /Past appointments/ }).click();
    const card = portal.locator('[part~="appointment"][data-status="canceled"]');
    await card.waitFor();
    assert.match(await card.innerText(), /The drain cleared by itself/);
  });
});
