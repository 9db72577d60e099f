// A small business to test against, made by the server itself: `@arrivo/sdk/testing` seeds it into
// every test server, so a plugin's tests (and the harness, once published) need no demo data. It
// goes through the same data layer and better-auth sign-up the product uses.
import type { AppDeps } from '../deps';
import { insertAccount } from '../db/queries/accounts';
import { findBusinessBySlug, insertBusiness } from '../db/queries/businesses';
import { insertContact } from '../db/queries/contacts';
import { addMembership } from '../db/queries/memberships';
import { insertSkill, listTechnicianViews, saveServiceType, saveTechnician } from '../db/queries/scheduling-config';
import { enrollCustomer } from './invitations';
import { linkTechnicianAccount } from './technician-accounts';

export const TEST_BUSINESS_SLUG = 'test-co';
export const TEST_BUSINESS_TIME_ZONE = 'America/Los_Angeles';

/** The password of every person of the test business (tests only). */
export const TEST_BUSINESS_PASSWORD = 'arrivo-test-password';

/** Who signs in at the test business, by role. */
export const TEST_BUSINESS_PEOPLE = [
  { role: 'admin', email: 'admin@test-co.example', name: 'Alex Admin' },
  { role: 'dispatcher', email: 'dispatcher@test-co.example', name: 'Dana Dispatcher' },
  // The technician's resource row has the same email; the sign-in is linked to it.
  { role: 'technician', email: 'tech@test-co.example', name: 'Terry Technician' },
  // The customer of the business's one account: already enrolled, as after redeeming an invitation.
  { role: 'customer', email: 'customer@test-co.example', name: 'Casey Customer' },
] as const;

export type TestBusinessRole = (typeof TEST_BUSINESS_PEOPLE)[number]['role'];

/**
 * Self-schedulable service types: `drain-cleaning` (60 min, skill "Plumbing") and `ac-repair`
 * (120 min, skill "HVAC"); the technician has both skills and works every day 07:00–19:00.
 */
export const TEST_BUSINESS_SERVICE_TYPES = [
  { key: 'drain-cleaning', name: 'Drain cleaning', minutes: 60, skill: 'Plumbing', description: 'Slow or blocked drains.' },
  { key: 'ac-repair', name: 'AC repair', minutes: 120, skill: 'HVAC', description: 'Air conditioner not cooling.' },
] as const;

export interface TestBusiness {
  businessId: string;
  slug: string;
  technicianId: string;
  accountId: string;
  contactId: string;
}

/**
 * Create the test business "Test Co" (slug `test-co`, Portland, Oregon): an admin, a dispatcher, a
 * technician with skills, hours and a sign-in, two service types, and an account with a contact who
 * can sign in as a customer. Everyone's password is `TEST_BUSINESS_PASSWORD`.
 */
export async function seedTestBusiness(deps: Pick<AppDeps, 'sql' | 'auth'>): Promise<TestBusiness> {
  const made = await deps.sql.begin(async (tx) => {
    const business = await insertBusiness(tx, { slug: TEST_BUSINESS_SLUG, name: 'Test Co', timeZone: TEST_BUSINESS_TIME_ZONE, phone: '(503) 555-0100', website: null });
    const skills = new Map<string, string>();
    for (const t of TEST_BUSINESS_SERVICE_TYPES) {
      if (!skills.has(t.skill)) skills.set(t.skill, (await insertSkill(tx, business.id, t.skill)).id);
      await saveServiceType(tx, business.id, {
        key: t.key,
        name: t.name,
        description: t.description,
        durationMinutes: t.minutes,
        selfSchedulingEnabled: true,
        active: true,
        intakeFields: [],
        requiredSkillIds: [skills.get(t.skill)!],
      });
    }
    const technician = TEST_BUSINESS_PEOPLE.find((p) => p.role === 'technician')!;
    await saveTechnician(tx, business.id, {
      name: technician.name,
      email: technician.email,
      phone: '(503) 555-0101',
      start: { lat: 45.5231, lon: -122.6465 },
      skillIds: [...skills.values()],
      territoryIds: [],
      workingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:00', end: '19:00' })),
    });
    const { id: accountId } = await insertAccount(tx, business.id, {
      name: 'Customer household',
      active: true,
      addressLine1: '3614 SE Hawthorne Blvd',
      city: 'Portland',
      region: 'OR',
      postalCode: '97214',
      lat: 45.512,
      lon: -122.6262,
    });
    const customer = TEST_BUSINESS_PEOPLE.find((p) => p.role === 'customer')!;
    const [first, last] = customer.name.split(' ') as [string, string];
    const contactId = await insertContact(tx, business.id, accountId, { firstName: first, lastName: last, email: customer.email, phone: '(503) 555-0102' });
    return { businessId: business.id, accountId, contactId };
  });
  const business = (await findBusinessBySlug(deps.sql, TEST_BUSINESS_SLUG))!;
  for (const person of TEST_BUSINESS_PEOPLE) {
    const { user } = await deps.auth.api.signUpEmail({ body: { email: person.email, password: TEST_BUSINESS_PASSWORD, name: person.name } });
    if (person.role === 'customer') {
      await deps.sql.begin((tx) => enrollCustomer(tx, made.businessId, made.contactId, user.id));
    } else {
      await addMembership(deps.sql, made.businessId, user.id, person.role);
    }
    if (person.role === 'technician') {
      const technician = (await listTechnicianViews(deps.sql, made.businessId)).find((t) => t.email === person.email)!;
      await linkTechnicianAccount(deps, business, technician.id, person.email);
    }
  }
  const technicianId = (await listTechnicianViews(deps.sql, made.businessId))[0]!.id;
  return { ...made, slug: TEST_BUSINESS_SLUG, technicianId };
}

/** Another customer of the test business (see `seedTestCustomer`). */
export interface TestCustomer {
  email: string;
  name: string;
  accountId: string;
  contactId: string;
}

let customerCount = 0;

/**
 * Another customer at the test business: its own account (a household a few streets from the first,
 * in Portland) with one contact who can sign in as a customer (enrolled, password
 * `TEST_BUSINESS_PASSWORD`). Email and name default to new ones each time.
 */
export async function seedTestCustomer(deps: Pick<AppDeps, 'sql' | 'auth'>, input: { email?: string; name?: string } = {}): Promise<TestCustomer> {
  const n = ++customerCount;
  const email = (input.email ?? `customer-${n}-${Date.now().toString(36)}@test-co.example`).toLowerCase();
  const name = input.name?.trim() || `Test Customer ${n}`;
  const business = await findBusinessBySlug(deps.sql, TEST_BUSINESS_SLUG);
  if (!business) throw new Error('seedTestCustomer: the test business is not seeded');
  const [first, ...rest] = name.split(/\s+/) as [string, ...string[]];
  const made = await deps.sql.begin(async (tx) => {
    const { id: accountId } = await insertAccount(tx, business.id, {
      name: `${name} household`,
      active: true,
      addressLine1: '1500 SE Belmont St',
      city: 'Portland',
      region: 'OR',
      postalCode: '97214',
      lat: 45.5163,
      lon: -122.6502,
    });
    const contactId = await insertContact(tx, business.id, accountId, { firstName: first, lastName: rest.join(' '), email, phone: null });
    return { accountId, contactId };
  });
  const { user } = await deps.auth.api.signUpEmail({ body: { email, password: TEST_BUSINESS_PASSWORD, name } });
  await deps.sql.begin((tx) => enrollCustomer(tx, business.id, made.contactId, user.id));
  return { email, name, ...made };
}
