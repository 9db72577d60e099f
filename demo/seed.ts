// Demo data: a plumbing & HVAC company in Portland, Oregon, with real coordinates, so the
// scheduling engine has believable distances to work with.
import {
  addMembership,
  createInvitation,
  enablePluginUnlessChosen,
  enrollCustomer,
  findBusinessBySlug,
  insertAccount,
  insertAsset,
  insertBusiness,
  insertContact,
  insertLocation,
  insertSkill,
  linkTechnicianAccount,
  listTechnicianViews,
  saveServiceType,
  saveTechnician,
  updateAccessSettings,
  updateSurveySettings,
  upsertTerritory,
  type AppDeps,
  type Sql,
} from '@arrivo/server';
import { seedTechnicianDay, seedVisitToRate } from './visits';

export const DEMO_SLUG = 'rose-city';

/** Every demo sign-in uses this password (it is a demo: printed at start, never use it for real). */
export const DEMO_PASSWORD = 'arrivo-demo-2026';

export const DEMO_SIGN_INS = [
  { role: 'admin', email: 'alex@rosecity.example', name: 'Alex Morgan' },
  { role: 'dispatcher', email: 'dana@rosecity.example', name: 'Dana Brooks' },
  // Technician Maya Fernandez's own sign-in (her resource row has the same email).
  { role: 'technician', email: 'maya@rosecity.example', name: 'Maya Fernandez' },
  // A customer who already redeemed an invitation; Ada, Marco and Priya have invitations waiting.
  { role: 'customer', email: 'linh.nguyen@example.com', name: 'Linh Nguyen' },
] as const;

// `ev-charger` is the skill the EV charger plugin's service type requires (matched by name).
const SKILLS = ['Plumbing', 'Water heaters', 'Drain cleaning', 'Gas fitting', 'HVAC', 'Refrigerant handling', 'ev-charger'] as const;
type Skill = (typeof SKILLS)[number];

const TERRITORIES = [
  { name: 'Inner Portland', lat: 45.5152, lon: -122.6784, km: 8 },
  { name: 'East County', lat: 45.4985, lon: -122.4302, km: 10 },
  { name: 'Westside', lat: 45.4871, lon: -122.8037, km: 12 },
  { name: 'South Metro', lat: 45.4207, lon: -122.6706, km: 8 },
] as const;
type Territory = (typeof TERRITORIES)[number]['name'];

const SERVICE_TYPES: { key: string; name: string; minutes: number; skills: Skill[]; description: string }[] = [
  { key: 'water-heater-repair', name: 'Water heater repair', minutes: 90, skills: ['Plumbing', 'Water heaters'], description: 'No hot water, leaks, pilot or element problems.' },
  { key: 'drain-cleaning', name: 'Drain cleaning', minutes: 60, skills: ['Drain cleaning'], description: 'Slow or blocked sinks, showers, floor drains and main lines.' },
  { key: 'furnace-tune-up', name: 'Furnace tune-up', minutes: 60, skills: ['HVAC', 'Gas fitting'], description: 'Yearly safety check, cleaning and filter change.' },
  { key: 'ac-repair', name: 'AC repair', minutes: 120, skills: ['HVAC', 'Refrigerant handling'], description: 'Air conditioner or heat pump not cooling.' },
  { key: 'leak-detection', name: 'Leak detection', minutes: 90, skills: ['Plumbing'], description: 'Find hidden leaks behind walls and under floors.' },
];

const WEEKDAYS = [1, 2, 3, 4, 5];
const TUE_TO_SAT = [2, 3, 4, 5, 6];

const TECHNICIANS: { name: string; lat: number; lon: number; skills: Skill[]; territories: Territory[]; days: number[]; from: number; to: number }[] = [
  { name: 'Maya Fernandez', lat: 45.5231, lon: -122.6465, skills: ['Plumbing', 'Water heaters', 'Gas fitting'], territories: ['Inner Portland', 'South Metro'], days: WEEKDAYS, from: 8, to: 17 },
  { name: 'Dev Patel', lat: 45.4887, lon: -122.6021, skills: ['Plumbing', 'Drain cleaning'], territories: ['Inner Portland', 'East County'], days: WEEKDAYS, from: 7, to: 16 },
  { name: 'Grace Kim', lat: 45.5428, lon: -122.6364, skills: ['HVAC', 'Refrigerant handling', 'Gas fitting', 'ev-charger'], territories: ['Inner Portland'], days: WEEKDAYS, from: 8, to: 17 },
  { name: 'Tom Becker', lat: 45.4951, lon: -122.8109, skills: ['HVAC', 'Gas fitting'], territories: ['Westside'], days: WEEKDAYS, from: 8, to: 17 },
  { name: 'Aisha Johnson', lat: 45.5022, lon: -122.4401, skills: ['Plumbing', 'Water heaters', 'Drain cleaning'], territories: ['East County'], days: TUE_TO_SAT, from: 9, to: 18 },
  { name: 'Luis Ortega', lat: 45.4312, lon: -122.6655, skills: ['Drain cleaning', 'Plumbing'], territories: ['South Metro', 'Inner Portland'], days: WEEKDAYS, from: 8, to: 17 },
  { name: 'Hannah Schultz', lat: 45.4682, lon: -122.7821, skills: ['Plumbing', 'Water heaters'], territories: ['Westside', 'South Metro'], days: TUE_TO_SAT, from: 8, to: 17 },
  { name: 'Samuel Osei', lat: 45.5601, lon: -122.6804, skills: ['HVAC', 'Refrigerant handling'], territories: ['Inner Portland', 'Westside'], days: WEEKDAYS, from: 9, to: 18 },
  { name: 'Nora Lindqvist', lat: 45.5150, lon: -122.4781, skills: ['HVAC', 'Gas fitting', 'Refrigerant handling', 'ev-charger'], territories: ['East County', 'Inner Portland'], days: WEEKDAYS, from: 7, to: 15 },
  { name: 'Ben Whitaker', lat: 45.4129, lon: -122.6283, skills: ['Plumbing', 'Water heaters', 'Drain cleaning', 'Gas fitting'], territories: ['South Metro'], days: WEEKDAYS, from: 8, to: 17 },
];

interface Address {
  line1: string;
  city: string;
  postal: string;
  lat: number;
  lon: number;
  territory: Territory;
}

const ACCOUNTS: {
  name: string;
  active: boolean;
  address: Address;
  contacts: { first: string; last: string; email: string; phone: string }[];
  assets: { name: string; serial: string; location?: { name: string } & Address }[];
}[] = [
  {
    name: 'Nguyen household',
    active: true,
    address: { line1: '3614 SE Hawthorne Blvd', city: 'Portland', postal: '97214', lat: 45.5120, lon: -122.6262, territory: 'Inner Portland' },
    contacts: [{ first: 'Linh', last: 'Nguyen', email: 'linh.nguyen@example.com', phone: '(503) 555-0178' }],
    assets: [
      { name: 'Rheem 50-gallon gas water heater', serial: 'RH50-2231-0457' },
      { name: 'Carrier 59TP6 furnace', serial: 'CA59-1188-2210' },
    ],
  },
  {
    name: 'Alder Street Bakery',
    active: true,
    address: { line1: '1130 SW Alder St', city: 'Portland', postal: '97205', lat: 45.5206, lon: -122.6829, territory: 'Inner Portland' },
    contacts: [
      { first: 'Marco', last: 'Rossi', email: 'marco@alderbakery.example', phone: '(503) 555-0111' },
      { first: 'Priya', last: 'Shah', email: 'priya@alderbakery.example', phone: '(503) 555-0112' },
    ],
    assets: [
      { name: 'Kitchen floor drains', serial: 'FD-KITCHEN' },
      { name: 'Walk-in cooler condenser', serial: 'HT-WIC-7781' },
    ],
  },
  {
    name: 'Okafor residence',
    active: true,
    address: { line1: '12650 SW Denney Rd', city: 'Beaverton', postal: '97008', lat: 45.4790, lon: -122.8120, territory: 'Westside' },
    contacts: [{ first: 'Ada', last: 'Okafor', email: 'ada.okafor@example.com', phone: '(971) 555-0190' }],
    assets: [
      { name: 'Trane XR16 heat pump', serial: 'TR16-5521-9083' },
      {
        name: 'Bradford White water heater (rental unit)',
        serial: 'BW40-7712-3310',
        location: { name: 'Rental unit', line1: '4410 SW Murray Blvd', city: 'Beaverton', postal: '97005', lat: 45.4905, lon: -122.8110, territory: 'Westside' },
      },
    ],
  },
  {
    name: 'Gresham Family Dental',
    active: false,
    address: { line1: '1350 NE Hogan Dr', city: 'Gresham', postal: '97030', lat: 45.5087, lon: -122.4170, territory: 'East County' },
    contacts: [{ first: 'Helen', last: 'Ward', email: 'office@greshamdental.example', phone: '(503) 555-0133' }],
    assets: [{ name: 'Sterilizer room sink', serial: 'SINK-STER-1' }],
  },
];

export interface SeedSummary {
  businessId: string;
  invitationsSent: number;
  serviceTypes: number;
  technicians: number;
  accounts: number;
  contacts: number;
  assets: number;
  /** The demo technician's visits (0 when asked for none). */
  technicianVisits: number;
  /** Linh's visit with Maya, already Traveling (null when no technician day was seeded). */
  travelingBookingId: string | null;
  /** Linh's completed visit of two days ago, waiting for her rating (the feedback survey). */
  visitToRateId: string;
}

export interface SeedOptions {
  /**
   * Seed the demo technician's day (default true): Linh's visit already Traveling, and one tomorrow.
   * The element tests' server leaves it out and makes the visits each test needs.
   */
  technicianDay?: boolean;
}

export async function isSeeded(sql: Sql): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM business WHERE slug = ${DEMO_SLUG}`;
  return Boolean(row);
}

/**
 * The plugins Rose City uses when they are installed (arrivo.config.ts lists them), with its
 * settings for each: public holidays in Oregon close their day.
 */
export const DEMO_PLUGINS: Readonly<Record<string, unknown>> = {
  holidays: { country: 'US', state: 'OR' },
  // "EV charger installation", booked by Grace and Nora (the seed gives them its `ev-charger` skill).
  'ev-charger': null,
  // Signed deliveries to the demo's own receiver (webhooks.html); demo/webhooks.ts adds its endpoint.
  webhooks: null,
};

/**
 * Enable the installed demo plugins for Rose City, on every start (an existing demo database gets
 * a newly installed plugin too), but never over the business's own choice: a plugin it has a row
 * for (enabled or disabled through the admin API) is left as it is. Returns the ids enabled now.
 */
export async function enableDemoPlugins(deps: Pick<AppDeps, 'sql' | 'plugins'>): Promise<string[]> {
  const business = await findBusinessBySlug(deps.sql, DEMO_SLUG);
  if (!business) return [];
  const enabled: string[] = [];
  for (const [id, preset] of Object.entries(DEMO_PLUGINS)) {
    const p = deps.plugins.get(id);
    if (!p) continue;
    const parsed = p.plugin.businessSettings ? p.plugin.businessSettings.safeParse(preset) : { success: true as const, data: null };
    if (!parsed.success) throw new Error(`The demo settings for the plugin ${id} are not valid for the installed version.`);
    // Through the service: a plugin's service types join the catalog with it.
    if (await enablePluginUnlessChosen(deps, business.id, id, parsed.data)) enabled.push(id);
  }
  return enabled;
}

/**
 * Create the demo business: its data in one transaction, then the people who sign in (through
 * better-auth, so passwords are hashed as for real users) and the invitations still waiting.
 */
export async function seedDemo(deps: Pick<AppDeps, 'sql' | 'auth' | 'events' | 'secrets' | 'publicUrl' | 'plugins'>, options: SeedOptions = {}): Promise<SeedSummary> {
  const summary = await seedData(deps.sql);
  const business = (await findBusinessBySlug(deps.sql, DEMO_SLUG))!;
  let adminId: string | null = null;
  for (const person of DEMO_SIGN_INS) {
    const { user } = await deps.auth.api.signUpEmail({ body: { email: person.email, password: DEMO_PASSWORD, name: person.name } });
    await deps.sql.begin(async (tx) => {
      if (person.role === 'customer') {
        const [contact] = await tx<{ id: string }[]>`SELECT id FROM contact WHERE business_id = ${business.id} AND email = ${person.email}`;
        await enrollCustomer(tx, business.id, contact!.id, user.id);
        await tx`UPDATE contact SET profile_completed_at = now() WHERE id = ${contact!.id}`;
      } else {
        await addMembership(tx, business.id, user.id, person.role);
      }
    });
    if (person.role === 'technician') {
      // The technician's resource row has the same email; link it as staff would, through the API's service.
      const technician = (await listTechnicianViews(deps.sql, business.id)).find((t) => t.email === person.email)!;
      await linkTechnicianAccount(deps, business, technician.id, person.email);
    }
    if (person.role === 'admin') adminId = user.id;
  }
  const waiting = await deps.sql<{ id: string }[]>`
    SELECT c.id FROM contact c JOIN account a ON a.id = c.account_id
    WHERE c.business_id = ${business.id} AND c.user_id IS NULL AND a.active ORDER BY c.email`;
  for (const contact of waiting) await createInvitation(deps, business, contact.id, adminId);
  // Before Maya's day: she completes this visit first (she travels to one visit at a time).
  const visitToRateId = await seedVisitToRate(deps, DEMO_SLUG);
  const day = options.technicianDay === false ? null : await seedTechnicianDay(deps, DEMO_SLUG);
  return { ...summary, invitationsSent: waiting.length, technicianVisits: day?.visits ?? 0, travelingBookingId: day?.travelingId ?? null, visitToRateId };
}

async function seedData(sql: Sql): Promise<Omit<SeedSummary, 'invitationsSent' | 'technicianVisits' | 'travelingBookingId' | 'visitToRateId'>> {
  return sql.begin(async (tx) => {
    const business = await insertBusiness(tx, {
      slug: DEMO_SLUG,
      name: 'Rose City Plumbing & Heating',
      timeZone: 'America/Los_Angeles',
      phone: '(503) 555-0142',
      website: 'https://rosecity.example',
    });
    const businessId = business.id;
    // The portal is the site's "Book a service" page; invitation and reset emails link there.
    await updateAccessSettings(tx, businessId, { portalUrl: '/book.html' });
    // Surveys are on (the default); the business asks two questions of its own after the rating.
    await updateSurveySettings(tx, businessId, {
      questions: [
        { key: 'on_time', label: 'Did the technician arrive on time?', kind: 'choice', required: false, options: ['Yes', 'A little late', 'Very late'] },
        { key: 'tidy', label: 'How tidy was the work area afterwards?', kind: 'rating', required: false },
      ],
    });

    const skillIds = new Map<string, string>();
    for (const name of SKILLS) skillIds.set(name, (await insertSkill(tx, businessId, name)).id);
    const territoryIds = new Map<string, string>();
    for (const t of TERRITORIES) {
      const territory = await upsertTerritory(tx, businessId, { name: t.name, center: { lat: t.lat, lon: t.lon }, radiusKm: t.km });
      territoryIds.set(t.name, territory!.id);
    }
    const skills = (names: readonly string[]) => names.map((n) => skillIds.get(n)!);

    for (const type of SERVICE_TYPES) {
      await saveServiceType(tx, businessId, {
        key: type.key,
        name: type.name,
        description: type.description,
        durationMinutes: type.minutes,
        selfSchedulingEnabled: true,
        active: true,
        intakeFields: [],
        requiredSkillIds: skills(type.skills),
      });
    }

    const clock = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
    for (const tech of TECHNICIANS) {
      await saveTechnician(tx, businessId, {
        name: tech.name,
        email: `${tech.name.split(' ')[0]!.toLowerCase()}@rosecity.example`,
        phone: '(503) 555-0100',
        start: { lat: tech.lat, lon: tech.lon },
        skillIds: skills(tech.skills),
        territoryIds: tech.territories.map((t) => territoryIds.get(t)!),
        workingHours: tech.days.map((weekday) => ({ weekday, start: clock(tech.from), end: clock(tech.to) })),
      });
    }

    let contacts = 0;
    let assets = 0;
    const place = (a: Address) => ({
      addressLine1: a.line1,
      city: a.city,
      region: 'OR',
      postalCode: a.postal,
      lat: a.lat,
      lon: a.lon,
      territoryId: territoryIds.get(a.territory)!,
    });
    for (const account of ACCOUNTS) {
      const { id: accountId } = await insertAccount(tx, businessId, { name: account.name, active: account.active, ...place(account.address) });
      for (const c of account.contacts) {
        await insertContact(tx, businessId, accountId, { firstName: c.first, lastName: c.last, email: c.email, phone: c.phone });
        contacts++;
      }
      for (const asset of account.assets) {
        const location = asset.location ? await insertLocation(tx, businessId, accountId, { name: asset.location.name, ...place(asset.location) }) : null;
        await insertAsset(tx, businessId, accountId, { name: asset.name, serialNumber: asset.serial, functionalLocationId: location?.id ?? null });
        assets++;
      }
    }

    return {
      businessId,
      serviceTypes: SERVICE_TYPES.length,
      technicians: TECHNICIANS.length,
      accounts: ACCOUNTS.length,
      contacts,
      assets,
    };
  });
}
