// `npm run test:e2e`: the customer journey through the demo site in headless Chromium, against
// the real server and a throw-away embedded PostgreSQL, then the same customer's visit followed
// live while the demo technician travels to it from a second browser context. A failing step
// leaves screenshots in .test-artifacts/. Every page runs under the demo's Content-Security-Policy,
// and any violation of it fails the run. The map's tile host is cut off as it is in CI (no
// internet): the map must still show the markers and the arrival time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RunningServer } from '@arrivo/server';
import { DEMO_PASSWORD } from '../seed';
import { DEMO_TECHNICIAN_EMAIL } from '../visits';
import evCharger from '@arrivo/plugin-ev-charger';
import { startJourney, type Journey } from './journey';

let journey: Journey;
let server: RunningServer;
let page: Page;
/** The technician's phone, a second browser context (its own storage, so its own session). */
let techPage: Page | undefined;

before(async () => {
  // With the EV charger plugin, as `npm start` installs it: book.html loads its client file.
  journey = await startJourney({ prefix: '', plugins: [evCharger], pages: () => ({ customer: page, technician: techPage }) });
  server = journey.server;
  const context = await journey.browser.newContext({ viewport: { width: 1200, height: 900 } });
  await journey.watch(context);
  page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
});

after(() => journey?.close());

/** Run one step; on failure keep a screenshot of each page as it was. */
const step = (name: string, run: () => Promise<void>) => journey.step(name, run);

/** Poll until `check` holds (the UI updates on its own: live, never after a reload). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let staffToken: string | undefined;
/** The feedback summary as staff read it through the API (the dispatcher's sign-in, kept). */
async function staffSummary(): Promise<{ overall: { count: number; averageRating: number | null } }> {
  const base = `${server.url}/api/businesses/rose-city`;
  if (!staffToken) {
    const session = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dana@rosecity.example', password: DEMO_PASSWORD }),
    });
    assert.equal(session.status, 200);
    staffToken = ((await session.json()) as { token: string }).token;
  }
  const token = staffToken;
  const res = await fetch(`${base}/admin/feedback/summary`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return (await res.json()) as { overall: { count: number; averageRating: number | null } };
}

test('a customer redeems an invitation, books, modifies, cancels, and sees it in Past', async () => {
  const portal = page.locator('arrivo-portal');

  await step('open the invitation from the dev mailbox', async () => {
    // The seed's invitations are sent by the server's job worker just after start, in no fixed
    // order: wait for Priya's (Alder Street Bakery, in Inner Portland, where technicians take
    // both service types booked here; Ada's Westside has no drain cleaning).
    const invitation = page.locator('tr', { hasText: 'priya@alderbakery.example' }).getByRole('link', { name: /invitation to book online/ });
    for (let tries = 0; tries < 50; tries++) {
      await page.goto(`${server.url}/dev/mailbox`);
      if (await invitation.count()) break;
      await page.waitForTimeout(200);
    }
    await invitation.click();
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
    // The EV charger's client file (loaded by book.html, under its CSP) asks the panel rating as
    // breaker sizes instead of a number box.
    await portal.getByLabel('Service type').selectOption({ label: 'EV charger installation' });
    await portal.getByRole('group', { name: 'Main panel rating (amps)' }).getByRole('radio', { name: '100 A' }).waitFor();
    assert.equal(await portal.locator('input[type="number"][name="panelAmps"]').count(), 0);
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
    const mailbox = await journey.browser.newPage();
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

// Maya sets off from E Burnside St at NE 18th Ave, crosses the river, and reaches Alder Street
// Bakery (1130 SW Alder St), where Priya's visit is.
const SET_OFF = { latitude: 45.5231, longitude: -122.6465, accuracy: 12 };
const ON_THE_BRIDGE = { latitude: 45.5229, longitude: -122.6695, accuracy: 9 };

test('the demo technician travels to the customer’s visit: live on the list and the map, then Past', async () => {
  // Runs after the journey above, as the same signed-in customer (Priya, of Alder Street Bakery).
  const portal = page.locator('arrivo-portal');
  const activeCard = portal.locator('section.active [part~="appointment"]');

  await step('book a water heater repair, which only the demo technician can take', async () => {
    // Alder Street Bakery is in Inner Portland, where Maya Fernandez is the only technician with
    // the water-heater skill: the scheduler can only give the visit to her.
    await portal.getByRole('tab', { name: /Upcoming appointments/ }).click();
    await portal.locator('button.book').click();
    await portal.getByLabel('Service type').selectOption({ label: 'Water heater repair' });
    await portal.locator('[part~="day"]:not([disabled])').first().click();
    await portal.locator('[part~="times"] [part~="time"]').first().click();
    await portal.getByLabel('Comments').fill('No hot water at the hand sinks');
    await portal.getByRole('button', { name: 'Book', exact: true }).click();
    await portal.getByRole('heading', { name: 'Your visit is booked' }).waitFor();
    await portal.getByRole('button', { name: 'Back to my appointments' }).click();
    const card = portal.locator('[part~="appointment"][data-status="scheduled"]');
    await card.waitFor();
    assert.match(await card.innerText(), /Technician: Maya Fernandez/);
    // From here on the customer's page is never loaded again: this mark would be gone.
    await page.evaluate('window.arrivoNoReload = true');
  });

  const tech = async () => {
    const context = await journey.browser.newContext({ viewport: { width: 420, height: 900 }, hasTouch: true });
    await journey.watch(context);
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation(SET_OFF);
    techPage = await context.newPage();
    techPage.on('pageerror', (err) => console.error('technician page error:', err.message));
    return { context, app: techPage.locator('arrivo-technician-app') };
  };
  const { context: techContext, app } = await tech();
  const visit = app.locator('[part="visit"]', { hasText: 'Alder Street Bakery' });

  /** The technician presses a status button on the visit and confirms it. */
  const move = async (label: string, status: string) => {
    await visit.getByRole('button', { name: label }).click();
    await app.locator('#confirm-dialog').getByRole('button', { name: label }).click();
    await app.locator(`[part="visit"][data-status="${status}"]`, { hasText: 'Alder Street Bakery' }).waitFor();
  };

  await step('the technician signs in on the demo technician page', async () => {
    await techPage!.goto(`${server.url}/technician.html`);
    await app.getByLabel('Email').fill(DEMO_TECHNICIAN_EMAIL);
    await app.getByLabel('Password').fill(DEMO_PASSWORD);
    await app.getByRole('button', { name: 'Sign in' }).click();
    await app.getByText('Signed in as Maya Fernandez').waitFor();
    await visit.waitFor();
    assert.match(await visit.innerText(), /Water heater repair[\s\S]*No hot water at the hand sinks/);
  });

  await step('she starts traveling and shares her location', async () => {
    await move('Start traveling', 'traveling');
    await until('the app shares the location', async () => /Sharing location · ±12 m/.test(await app.locator('[part="sharing"]').innerText()));
  });

  await step('the customer’s list shows the visit as Active, live', async () => {
    await activeCard.and(portal.locator('[data-status="traveling"]')).waitFor();
    assert.match(await activeCard.innerText(), /Technician on the way/);
  });

  const map = portal.locator('arrivo-live-map');
  const marker = () => map.evaluate((el) => (el as unknown as { markerPosition?: { lat: number; lon: number } }).markerPosition ?? null);
  await step('View Live Map shows her marker, the destination and the ETA on a plain background', async () => {
    await activeCard.getByRole('button', { name: 'View Live Map' }).click();
    await map.locator('[part="eta"]').filter({ hasText: /Arriving in about \d+ min · by \d/ }).waitFor();
    await until('the marker is where she is', async () => Math.abs(((await marker())?.lon ?? 0) - SET_OFF.longitude) < 1e-5);
    await map.locator('[part="destination-marker"]').waitFor({ state: 'attached' });
    assert.equal(await map.locator('[part="technician-marker"]').getAttribute('visibility'), null);
    assert.match(await map.locator('[part="technician-name"]').innerText(), /Maya/);
    // Offline (the tile host is cut off here, as in CI): the tiles fail and the map says so.
    await map.locator('[part="map"][data-tiles="failed"]').waitFor();
    await map.getByText('the markers and the arrival time are still up to date').waitFor();
  });

  await step('her marker moves when she does', async () => {
    const drawnAt = await map.locator('[part="technician-marker"]').getAttribute('transform');
    await techContext.setGeolocation(ON_THE_BRIDGE);
    await until('the marker reaches her new position', async () => Math.abs(((await marker())?.lon ?? 0) - ON_THE_BRIDGE.longitude) < 1e-5);
    assert.notEqual(await map.locator('[part="technician-marker"]').getAttribute('transform'), drawnAt);
    await until('the app shows the new accuracy', async () => /±9 m/.test(await app.locator('[part="sharing"]').innerText()));
  });

  const inProgress = portal.locator('[part~="appointment"][data-status="in_progress"]', { hasText: 'Water heater repair' });
  await step('she arrives and starts work: the map stops showing her', async () => {
    await move('Arrived / Start work', 'in_progress');
    await map.getByText('Your technician has arrived.').waitFor();
    await portal.locator('#map-dialog').getByRole('button', { name: 'Close' }).click();
    // Active is the visit on its way (as in the seeds); one being worked on is listed under Upcoming.
    await activeCard.waitFor({ state: 'detached' });
    await inProgress.waitFor();
    assert.match(await inProgress.innerText(), /Work has started/);
  });

  await step('she completes it: the customer’s list moves it to Past', async () => {
    await move('Complete', 'completed');
    await inProgress.waitFor({ state: 'detached' });
    await portal.getByRole('tab', { name: 'Past appointments (2)' }).click();
    await portal.locator('[part~="appointment"][data-status="completed"]', { hasText: 'Water heater repair' }).waitFor();
    assert.equal(await page.evaluate('window.arrivoNoReload'), true, 'the customer’s page was not reloaded');
  });

  await step('the customer sends feedback on it, is thanked, and the staff average changes', async () => {
    const staff = await staffSummary();
    const before = staff.overall;
    const card = portal.locator('[part~="appointment"][data-status="completed"]', { hasText: 'Water heater repair' });
    await card.getByRole('button', { name: 'Send feedback' }).click();
    const survey = portal.locator('arrivo-feedback-survey');
    await survey.getByRole('radiogroup', { name: /Your overall rating/ }).waitFor();
    // The demo business's own questions are asked too.
    await survey.getByText('Did the technician arrive on time?').waitFor();
    await survey.locator('label[for="rating-2"]').click();
    await survey.getByLabel('Yes', { exact: true }).check();
    await survey.getByLabel(/Anything else/).fill('She was late and the sink still drips.');
    await survey.getByRole('button', { name: 'Send feedback' }).click();
    await survey.getByRole('heading', { name: 'Thank you for your feedback!' }).waitFor();
    assert.match(await survey.locator('[part="summary"]').innerText(), /2 stars[\s\S]*She was late/);
    // A low score: a follow-up visit is offered.
    await survey.getByRole('button', { name: 'Book a follow-up visit' }).waitFor();
    let after = before;
    await until('the staff summary counts it', async () => {
      after = (await staffSummary()).overall;
      return after.count === before.count + 1;
    });
    assert.notEqual(after.averageRating, before.averageRating);
    const expected = Math.round((((before.averageRating ?? 0) * before.count + 2) / (before.count + 1)) * 10) / 10;
    assert.equal(after.averageRating, expected);
    assert.equal(page.url().includes('arrivo-survey'), false);
  });

  await step('the Completed message’s survey link opens that visit’s survey, signed out: it shows what was sent', async () => {
    const context = await journey.browser.newContext({ viewport: { width: 800, height: 900 } });
    await journey.watch(context);
    const mailbox = await context.newPage();
    try {
      const message = mailbox.locator('tr', { hasText: 'priya@alderbakery.example' }).getByRole('link', { name: /Thank you for choosing/ }).first();
      for (let tries = 0; tries < 50; tries++) {
        await mailbox.goto(`${server.url}/dev/mailbox`);
        if (await message.count()) break;
        await mailbox.waitForTimeout(200);
      }
      await message.click();
      const link = /(http\S+#arrivo-survey=\S+)/.exec(await mailbox.locator('[data-mail-text]').innerText())?.[1];
      assert.ok(link, 'the Completed message links to the survey');
      await mailbox.goto(link!);
      const linked = mailbox.locator('arrivo-portal [part="feedback-survey"] arrivo-feedback-survey');
      await linked.getByRole('heading', { name: 'You already rated this visit' }).waitFor();
      assert.match(await linked.locator('[part="summary"]').innerText(), /She was late/);
      await mailbox.locator('arrivo-portal arrivo-sign-in').waitFor(); // signed out in this browser
    } finally {
      await context.close();
    }
  });

  await step('no page broke its Content-Security-Policy; the map asked the tile host for tiles', async () => {
    assert.deepEqual(journey.violations, []);
    assert.ok(journey.tileRequests.length > 0, 'tiles were requested');
  });
  await techContext.close();
});
