// Every operation in the OpenAPI document, called as each kind of caller: who must be turned
// away (401 anonymous, 403 the wrong role) and who must get through. The expected audience of each
// operation is declared below, by hand, not read from the code under test: a new route fails
// here until someone decides who may call it.
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { useTestApp } from '../../test/app';
import { makeBusiness, makeCustomer, makeResource, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

type Audience = 'anyone' | 'signed-in' | 'customer' | 'staff' | 'admin' | 'technician';
type Caller = 'anonymous' | 'customer' | 'technician' | 'dispatcher' | 'admin';

const ALLOWED: Record<Audience, readonly Caller[]> = {
  anyone: ['anonymous', 'customer', 'technician', 'dispatcher', 'admin'],
  'signed-in': ['customer', 'technician', 'dispatcher', 'admin'],
  customer: ['customer'],
  staff: ['dispatcher', 'admin'],
  admin: ['admin'],
  technician: ['technician'],
};

const B = '/api/businesses/{business}';
const EXPECTED: Record<string, Audience> = {
  'GET /api/health': 'anyone',
  [`GET ${B}`]: 'anyone',
  [`POST ${B}/session`]: 'anyone',
  [`GET ${B}/session`]: 'signed-in',
  [`DELETE ${B}/session`]: 'signed-in',
  [`POST ${B}/invitations/check`]: 'anyone',
  [`POST ${B}/invitations/redeem`]: 'anyone',
  [`POST ${B}/password/forgot`]: 'anyone',
  [`POST ${B}/password/reset`]: 'anyone',
  [`GET ${B}/external-sign-in`]: 'anyone',
  [`GET ${B}/external-sign-in/complete`]: 'anyone',
  [`POST ${B}/external-sign-in/exchange`]: 'anyone',

  [`GET ${B}/me`]: 'customer',
  [`PATCH ${B}/me`]: 'customer',
  [`GET ${B}/me/assets`]: 'customer',
  [`GET ${B}/me/assets/{assetId}`]: 'customer',
  [`GET ${B}/me/contacts`]: 'customer',
  [`GET ${B}/me/contacts/{contactId}`]: 'customer',
  [`GET ${B}/me/service-types`]: 'customer',
  [`GET ${B}/me/slots`]: 'customer',
  [`GET ${B}/me/slot-days`]: 'customer',
  [`POST ${B}/me/bookings`]: 'customer',
  [`GET ${B}/me/bookings`]: 'customer',
  [`GET ${B}/me/bookings/{bookingId}`]: 'customer',
  [`POST ${B}/me/bookings/{bookingId}/reschedule`]: 'customer',
  [`POST ${B}/me/bookings/{bookingId}/cancel`]: 'customer',
  [`GET ${B}/me/bookings/{bookingId}/tracking`]: 'customer',
  [`GET ${B}/tracking`]: 'anyone',
  [`GET ${B}/manage`]: 'anyone',
  [`GET ${B}/manage/slot-days`]: 'anyone',
  [`GET ${B}/manage/slots`]: 'anyone',
  [`POST ${B}/manage/reschedule`]: 'anyone',
  [`POST ${B}/manage/cancel`]: 'anyone',
  [`GET ${B}/me/bookings/{bookingId}/feedback`]: 'customer',
  [`POST ${B}/me/bookings/{bookingId}/feedback`]: 'customer',
  [`GET ${B}/survey`]: 'anyone',
  [`POST ${B}/survey`]: 'anyone',
  [`GET ${B}/admin/feedback`]: 'staff',
  [`GET ${B}/admin/feedback/summary`]: 'staff',
  [`GET ${B}/admin/feedback/export`]: 'staff',
  [`GET ${B}/admin/survey-settings`]: 'admin',
  [`PATCH ${B}/admin/survey-settings`]: 'admin',

  [`GET ${B}/technician/visits`]: 'technician',
  [`GET ${B}/technician/visits/{bookingId}`]: 'technician',
  [`POST ${B}/technician/visits/{bookingId}/status`]: 'technician',
  [`POST ${B}/technician/visits/{bookingId}/locations`]: 'technician',

  [`GET ${B}/admin/accounts`]: 'staff',
  [`POST ${B}/admin/accounts`]: 'staff',
  [`GET ${B}/admin/accounts/{accountId}`]: 'staff',
  [`PATCH ${B}/admin/accounts/{accountId}`]: 'staff',
  [`GET ${B}/admin/accounts/{accountId}/contacts`]: 'staff',
  [`POST ${B}/admin/accounts/{accountId}/contacts`]: 'staff',
  [`GET ${B}/admin/contacts/{contactId}`]: 'staff',
  [`PATCH ${B}/admin/contacts/{contactId}`]: 'staff',
  [`DELETE ${B}/admin/contacts/{contactId}`]: 'staff',
  [`POST ${B}/admin/contacts/{contactId}/invitations`]: 'staff',
  [`GET ${B}/admin/contacts/{contactId}/invitations`]: 'staff',
  [`POST ${B}/admin/invitations/{invitationId}/revoke`]: 'staff',
  [`GET ${B}/admin/accounts/{accountId}/locations`]: 'staff',
  [`POST ${B}/admin/accounts/{accountId}/locations`]: 'staff',
  [`PATCH ${B}/admin/locations/{locationId}`]: 'staff',
  [`DELETE ${B}/admin/locations/{locationId}`]: 'staff',
  [`GET ${B}/admin/people`]: 'admin',
  [`POST ${B}/admin/people`]: 'admin',
  [`PUT ${B}/admin/people/{userId}/roles`]: 'admin',
  [`GET ${B}/admin/accounts/{accountId}/assets`]: 'staff',
  [`POST ${B}/admin/accounts/{accountId}/assets`]: 'staff',
  [`GET ${B}/admin/assets/{assetId}`]: 'staff',
  [`PATCH ${B}/admin/assets/{assetId}`]: 'staff',
  [`DELETE ${B}/admin/assets/{assetId}`]: 'staff',
  [`GET ${B}/admin/skills`]: 'staff',
  [`POST ${B}/admin/skills`]: 'staff',
  [`PATCH ${B}/admin/skills/{skillId}`]: 'staff',
  [`DELETE ${B}/admin/skills/{skillId}`]: 'staff',
  [`GET ${B}/admin/territories`]: 'staff',
  [`POST ${B}/admin/territories`]: 'staff',
  [`PATCH ${B}/admin/territories/{territoryId}`]: 'staff',
  [`DELETE ${B}/admin/territories/{territoryId}`]: 'staff',
  [`GET ${B}/admin/service-types`]: 'staff',
  [`POST ${B}/admin/service-types`]: 'staff',
  [`PATCH ${B}/admin/service-types/{serviceTypeId}`]: 'staff',
  [`GET ${B}/admin/technicians`]: 'staff',
  [`POST ${B}/admin/technicians`]: 'staff',
  [`GET ${B}/admin/technicians/{technicianId}`]: 'staff',
  [`PATCH ${B}/admin/technicians/{technicianId}`]: 'staff',
  [`GET ${B}/admin/technicians/{technicianId}/time-off`]: 'staff',
  [`POST ${B}/admin/technicians/{technicianId}/time-off`]: 'staff',
  [`DELETE ${B}/admin/technicians/{technicianId}/time-off/{timeOffId}`]: 'staff',
  [`GET ${B}/admin/technicians/{technicianId}/account`]: 'staff',
  [`PUT ${B}/admin/technicians/{technicianId}/account`]: 'staff',
  [`DELETE ${B}/admin/technicians/{technicianId}/account`]: 'staff',
  [`POST ${B}/admin/bookings/{bookingId}/status`]: 'staff',
  [`GET ${B}/admin/board`]: 'staff',
  [`GET ${B}/admin/bookings/{bookingId}`]: 'staff',
  [`GET ${B}/admin/bookings/{bookingId}/slots`]: 'staff',
  [`POST ${B}/admin/bookings/{bookingId}/move`]: 'staff',
  [`GET ${B}/admin/accounts/{accountId}/service-types`]: 'staff',
  [`GET ${B}/admin/accounts/{accountId}/slot-days`]: 'staff',
  [`GET ${B}/admin/accounts/{accountId}/slots`]: 'staff',
  [`POST ${B}/admin/accounts/{accountId}/bookings`]: 'staff',
  [`GET ${B}/admin/search/accounts`]: 'staff',
  [`GET ${B}/admin/search/contacts`]: 'staff',
  [`GET ${B}/admin/insights`]: 'staff',
  [`GET ${B}/admin/notifications`]: 'staff',
  [`GET ${B}/admin/notifications/preview`]: 'staff',
  [`POST ${B}/admin/notifications/{notificationId}/resend`]: 'staff',
  [`GET ${B}/admin/notification-settings`]: 'admin',
  [`PATCH ${B}/admin/notification-settings`]: 'admin',
  [`POST ${B}/admin/notifications/preview`]: 'staff',
  [`GET ${B}/admin/notification-templates`]: 'staff',
  [`PUT ${B}/admin/notification-templates/{message}/{language}`]: 'admin',
  [`DELETE ${B}/admin/notification-templates/{message}/{language}`]: 'admin',
  [`GET ${B}/admin/settings/branding`]: 'admin',
  [`PATCH ${B}/admin/settings/branding`]: 'admin',
  [`GET ${B}/admin/bookings/{bookingId}/tracking-link`]: 'staff',
  [`POST ${B}/admin/bookings/{bookingId}/tracking-link`]: 'staff',
  [`PATCH ${B}/admin/bookings/{bookingId}/tracking-link`]: 'staff',
  [`GET ${B}/admin/tracking/live`]: 'staff',
  // The live stream: whoever has something to follow (the service picks the topic by role).
  [`GET ${B}/live`]: 'signed-in',

  [`GET ${B}/admin/plugins`]: 'staff',
  [`PATCH ${B}/admin/plugins/{pluginId}`]: 'admin',
  [`GET ${B}/admin/settings/access`]: 'admin',
  [`PATCH ${B}/admin/settings/access`]: 'admin',
  [`GET ${B}/admin/settings/scheduling`]: 'admin',
  [`PATCH ${B}/admin/settings/scheduling`]: 'admin',
};

// Turned away by the guard, not by the handler: these codes say "who you are", never "what you sent".
const REFUSALS = ['unauthenticated', 'forbidden', 'not_a_customer'];

describe('role sweep over the OpenAPI document', () => {
  let app: App | undefined;
  const api = useTestApp({
    configure: (built) => {
      app = built;
    },
  });
  const w: { slug: string; tokens: Partial<Record<Caller, string>> } = { slug: '', tokens: {} };
  let operations: { method: string; path: string }[] = [];

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    w.slug = business.slug;
    const people = {
      customer: await makeCustomer(api.deps, business.id),
      technician: await makeStaff(api.deps, business.id, 'technician'),
      dispatcher: await makeStaff(api.deps, business.id, 'dispatcher'),
      admin: await makeStaff(api.deps, business.id, 'admin'),
    };
    // The technician API acts for the technician record an account is linked to.
    const resource = await makeResource(api.sql, business.id);
    await api.sql`UPDATE resource SET user_id = ${people.technician.userId} WHERE id = ${resource.id}`;
    await api.sql`DELETE FROM rate_limit`;
    for (const [caller, person] of Object.entries(people)) {
      w.tokens[caller as Caller] = await signInToken(api.url, w.slug, person.email, PASSWORD);
    }
    const doc = (await call(api.url, 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('declares an audience for exactly the operations the API documents', () => {
    expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('documents every /api route the app serves, so none escapes the sweep', () => {
    const served = app!.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !r.path.startsWith('/api/auth/') && r.path !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect([...new Set(served)].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('turns away anonymous callers (401) and wrong roles (403), and lets the right roles through', async () => {
    const failures: string[] = [];
    // Signing out last, so the other calls still have their sessions.
    const ordered = [...operations].sort((a, b) => Number(a.method === 'DELETE' && a.path.endsWith('/session')) - Number(b.method === 'DELETE' && b.path.endsWith('/session')));
    for (const { method, path } of ordered) {
      const audience = EXPECTED[`${method} ${path}`]!;
      // Valid-looking parameters: the real business, ids that look like ids but name nothing.
      const url = path.replace('{business}', w.slug).replace(/\{\w+\}/g, () => randomUUID());
      for (const caller of ['anonymous', 'customer', 'technician', 'dispatcher', 'admin'] as const) {
        const res = await call(api.url, method, url, {
          token: w.tokens[caller],
          body: ['POST', 'PATCH', 'PUT'].includes(method) ? {} : undefined,
        });
        const code = (res.body as { code?: string } | undefined)?.code;
        const allowed = ALLOWED[audience].includes(caller);
        const must = allowed ? 'through' : caller === 'anonymous' ? 401 : 403;
        const ok = allowed
          ? res.status < 500 && !(res.status === 401 || res.status === 403) && !REFUSALS.includes(code ?? '')
          : res.status === must && REFUSALS.includes(code ?? '');
        if (!ok) failures.push(`${method} ${path} as ${caller}: expected ${must}, got ${res.status} ${code ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
