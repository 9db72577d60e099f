// Staff (admin, dispatcher) manage customers: accounts, contacts, locations, assets, invitations.
import { createRoute, z } from '@hono/zod-openapi';
import {
  accessSettingsPatchSchema,
  accessSettingsSchema,
  accountInputSchema,
  accountPatchSchema,
  accountSchema,
  assetInputSchema,
  autoInviteSkipSchema,
  assetPatchSchema,
  assetSchema,
  contactInputSchema,
  contactPatchSchema,
  contactSchema,
  functionalLocationInputSchema,
  functionalLocationPatchSchema,
  functionalLocationSchema,
  invitationSchema,
  text,
} from '@arrivo/core';
import type { AppDeps } from '../deps';
import { businessParams, errors, json, jsonBody, noContent, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';
import { accessSettings } from '../services/business-settings';
import { accounts, assets, contacts, getAccount, locations } from '../services/customers';
import { contactInvitations, createInvitation, invitationView, withdrawInvitation, type InvitationResult } from '../services/invitations';

const common = { tags: ['staff'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/admin${rest}`;
const created = <T extends z.ZodType>(schema: T, what: string) => ({ 201: json(schema, `${what} created`), ...errors(400, 401, 403, 404, 409, 422) });

const invitationResultSchema = z.object({ invitation: invitationSchema, emailQueued: z.boolean() }).meta({ id: 'InvitationResult' });

const routes = {
  listAccounts: createRoute({
    ...common, method: 'get', path: path('/accounts'), summary: 'Accounts, optionally filtered',
    request: { params: businessParams, query: z.object({ q: text.max(100).optional(), active: z.enum(['true', 'false']).optional() }) },
    responses: { 200: json(z.array(accountSchema), 'Accounts'), ...errors(400, 401, 403, 404) },
  }),
  createAccount: createRoute({
    ...common, method: 'post', path: path('/accounts'), summary: 'Create an account',
    request: { params: businessParams, ...jsonBody(accountInputSchema) }, responses: created(accountSchema, 'Account'),
  }),
  getAccount: createRoute({
    ...common, method: 'get', path: path('/accounts/{accountId}'), summary: 'One account',
    request: { params: withId('accountId') }, responses: { 200: json(accountSchema, 'Account'), ...errors(400, 401, 403, 404) },
  }),
  updateAccount: createRoute({
    ...common, method: 'patch', path: path('/accounts/{accountId}'), summary: 'Change an account (including `active`)',
    request: { params: withId('accountId'), ...jsonBody(accountPatchSchema) },
    responses: { 200: json(accountSchema, 'Account'), ...errors(400, 401, 403, 404, 422) },
  }),
  listContacts: createRoute({
    ...common, method: 'get', path: path('/accounts/{accountId}/contacts'), summary: 'Contacts of an account',
    request: { params: withId('accountId') }, responses: { 200: json(z.array(contactSchema), 'Contacts'), ...errors(400, 401, 403, 404) },
  }),
  createContact: createRoute({
    ...common, method: 'post', path: path('/accounts/{accountId}/contacts'),
    summary: 'Add a contact; invites it automatically as the auto-invite setting says',
    description: '`invitation` is the automatic invitation, or null; then `notInvited` says why (the setting is off, the account is inactive, or the email was invited before while the setting is “new contacts”).',
    request: { params: withId('accountId'), ...jsonBody(contactInputSchema) },
    responses: created(
      z.object({ contact: contactSchema, invitation: invitationResultSchema.nullable(), notInvited: autoInviteSkipSchema.nullable() }),
      'Contact',
    ),
  }),
  getContact: createRoute({
    ...common, method: 'get', path: path('/contacts/{contactId}'), summary: 'One contact',
    request: { params: withId('contactId') }, responses: { 200: json(contactSchema, 'Contact'), ...errors(400, 401, 403, 404) },
  }),
  updateContact: createRoute({
    ...common, method: 'patch', path: path('/contacts/{contactId}'), summary: 'Change a contact',
    request: { params: withId('contactId'), ...jsonBody(contactPatchSchema) },
    responses: { 200: json(contactSchema, 'Contact'), ...errors(400, 401, 403, 404, 409) },
  }),
  deleteContact: createRoute({
    ...common, method: 'delete', path: path('/contacts/{contactId}'),
    summary: 'Delete a contact (its invitations are remembered by email)',
    request: { params: withId('contactId') }, responses: { 204: noContent, ...errors(400, 401, 403, 404) },
  }),
  createInvitation: createRoute({
    ...common, method: 'post', path: path('/contacts/{contactId}/invitations'),
    summary: '“Create Invitation”: email the contact a new code, revoking older ones',
    request: { params: withId('contactId') }, responses: created(invitationResultSchema, 'Invitation'),
  }),
  listInvitations: createRoute({
    ...common, method: 'get', path: path('/contacts/{contactId}/invitations'), summary: 'Invitations sent to a contact',
    request: { params: withId('contactId') }, responses: { 200: json(z.array(invitationSchema), 'Invitations'), ...errors(400, 401, 403, 404) },
  }),
  revokeInvitation: createRoute({
    ...common, method: 'post', path: path('/invitations/{invitationId}/revoke'),
    summary: 'Revoke an invitation so its code can no longer be redeemed (409 `conflict` once redeemed)',
    request: { params: withId('invitationId') }, responses: { 200: json(invitationSchema, 'The invitation, revoked'), ...errors(400, 401, 403, 404, 409) },
  }),
  listLocations: createRoute({
    ...common, method: 'get', path: path('/accounts/{accountId}/locations'), summary: 'Functional locations of an account',
    request: { params: withId('accountId') },
    responses: { 200: json(z.array(functionalLocationSchema), 'Locations'), ...errors(400, 401, 403, 404) },
  }),
  createLocation: createRoute({
    ...common, method: 'post', path: path('/accounts/{accountId}/locations'), summary: 'Add a functional location',
    request: { params: withId('accountId'), ...jsonBody(functionalLocationInputSchema) }, responses: created(functionalLocationSchema, 'Location'),
  }),
  updateLocation: createRoute({
    ...common, method: 'patch', path: path('/locations/{locationId}'), summary: 'Change a functional location',
    request: { params: withId('locationId'), ...jsonBody(functionalLocationPatchSchema) },
    responses: { 200: json(functionalLocationSchema, 'Location'), ...errors(400, 401, 403, 404, 422) },
  }),
  deleteLocation: createRoute({
    ...common, method: 'delete', path: path('/locations/{locationId}'),
    summary: 'Delete a functional location (409 `location_in_use` while assets are at it)',
    request: { params: withId('locationId') }, responses: { 204: noContent, ...errors(400, 401, 403, 404, 409) },
  }),
  listAssets: createRoute({
    ...common, method: 'get', path: path('/accounts/{accountId}/assets'), summary: 'Assets of an account',
    request: { params: withId('accountId') }, responses: { 200: json(z.array(assetSchema), 'Assets'), ...errors(400, 401, 403, 404) },
  }),
  createAsset: createRoute({
    ...common, method: 'post', path: path('/accounts/{accountId}/assets'), summary: 'Add an asset',
    request: { params: withId('accountId'), ...jsonBody(assetInputSchema) }, responses: created(assetSchema, 'Asset'),
  }),
  getAsset: createRoute({
    ...common, method: 'get', path: path('/assets/{assetId}'), summary: 'One asset',
    request: { params: withId('assetId') }, responses: { 200: json(assetSchema, 'Asset'), ...errors(400, 401, 403, 404) },
  }),
  updateAsset: createRoute({
    ...common, method: 'patch', path: path('/assets/{assetId}'), summary: 'Change an asset',
    request: { params: withId('assetId'), ...jsonBody(assetPatchSchema) },
    responses: { 200: json(assetSchema, 'Asset'), ...errors(400, 401, 403, 404, 422) },
  }),
  deleteAsset: createRoute({
    ...common, method: 'delete', path: path('/assets/{assetId}'), summary: 'Delete an asset',
    request: { params: withId('assetId') }, responses: { 204: noContent, ...errors(400, 401, 403, 404, 409) },
  }),
  getSettings: createRoute({
    ...common, method: 'get', path: path('/settings/access'), summary: 'Invitation and embedding settings (admins)',
    request: { params: businessParams }, responses: { 200: json(accessSettingsSchema, 'Settings'), ...errors(401, 403, 404) },
  }),
  updateSettings: createRoute({
    ...common, method: 'patch', path: path('/settings/access'), summary: 'Change invitation and embedding settings (admins)',
    request: { params: businessParams, ...jsonBody(accessSettingsPatchSchema) },
    responses: { 200: json(accessSettingsSchema, 'Settings'), ...errors(400, 401, 403, 404) },
  }),
};

const invitationResultView = (r: InvitationResult) => ({ invitation: invitationView(r.invitation), emailQueued: r.emailQueued });

export function adminRoutes(deps: AppDeps) {
  const { sql } = deps;
  return createRouter(deps, 'staff')
    .openapi(routes.listAccounts, async (c) => {
      const { q, active } = c.req.valid('query');
      return c.json(await accounts.list(sql, c.get('business'), { q, active: active === undefined ? undefined : active === 'true' }), 200);
    })
    .openapi(routes.createAccount, async (c) => c.json(await accounts.create(sql, c.get('business'), c.req.valid('json')), 201))
    .openapi(routes.getAccount, async (c) => c.json(await getAccount(sql, c.get('business'), c.req.valid('param').accountId), 200))
    .openapi(routes.updateAccount, async (c) =>
      c.json(await accounts.update(sql, c.get('business'), c.req.valid('param').accountId, c.req.valid('json')), 200),
    )
    .openapi(routes.listContacts, async (c) => c.json(await contacts.list(sql, c.get('business'), c.req.valid('param').accountId), 200))
    .openapi(routes.createContact, async (c) => {
      const input = c.req.valid('json');
      const result = await contacts.create(deps, c.get('business'), c.req.valid('param').accountId, { ...input, phone: input.phone ?? null });
      const invitation = result.invitation ? invitationResultView(result.invitation) : null;
      return c.json({ contact: result.contact, invitation, notInvited: result.skipped ?? null }, 201);
    })
    .openapi(routes.getContact, async (c) => c.json(await contacts.get(sql, c.get('business'), c.req.valid('param').contactId), 200))
    .openapi(routes.updateContact, async (c) =>
      c.json(await contacts.update(sql, c.get('business'), c.req.valid('param').contactId, c.req.valid('json')), 200),
    )
    .openapi(routes.deleteContact, async (c) => {
      await contacts.remove(sql, c.get('business'), c.req.valid('param').contactId);
      return c.body(null, 204);
    })
    .openapi(routes.createInvitation, async (c) => {
      const result = await createInvitation(deps, c.get('business'), c.req.valid('param').contactId, c.get('user').id);
      return c.json(invitationResultView(result), 201);
    })
    .openapi(routes.listInvitations, async (c) => {
      return c.json(await contactInvitations(deps, c.get('business'), c.req.valid('param').contactId), 200);
    })
    .openapi(routes.revokeInvitation, async (c) => c.json(await withdrawInvitation(deps, c.get('business'), c.req.valid('param').invitationId), 200))
    .openapi(routes.listLocations, async (c) => c.json(await locations.list(sql, c.get('business'), c.req.valid('param').accountId), 200))
    .openapi(routes.createLocation, async (c) =>
      c.json(await locations.create(sql, c.get('business'), c.req.valid('param').accountId, c.req.valid('json')), 201),
    )
    .openapi(routes.updateLocation, async (c) =>
      c.json(await locations.update(sql, c.get('business'), c.req.valid('param').locationId, c.req.valid('json')), 200),
    )
    .openapi(routes.deleteLocation, async (c) => {
      await locations.remove(sql, c.get('business'), c.req.valid('param').locationId);
      return c.body(null, 204);
    })
    .openapi(routes.listAssets, async (c) => c.json(await assets.list(sql, c.get('business'), c.req.valid('param').accountId), 200))
    .openapi(routes.createAsset, async (c) => {
      const input = c.req.valid('json');
      const asset = await assets.create(sql, c.get('business'), c.req.valid('param').accountId, {
        name: input.name,
        serialNumber: input.serialNumber ?? null,
        functionalLocationId: input.functionalLocationId ?? null,
      });
      return c.json(asset, 201);
    })
    .openapi(routes.getAsset, async (c) => c.json(await assets.get(sql, c.get('business'), c.req.valid('param').assetId), 200))
    .openapi(routes.updateAsset, async (c) => c.json(await assets.update(sql, c.get('business'), c.req.valid('param').assetId, c.req.valid('json')), 200))
    .openapi(routes.deleteAsset, async (c) => {
      await assets.remove(sql, c.get('business'), c.req.valid('param').assetId);
      return c.body(null, 204);
    });
}

/** Invitation and embedding settings: admins only. */
export function accessSettingsRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'businesses'>) {
  return createRouter(deps, 'admin')
    .openapi(routes.getSettings, async (c) => c.json(await accessSettings.get(deps, c.get('business')), 200))
    .openapi(routes.updateSettings, async (c) => c.json(await accessSettings.update(deps, c.get('business'), c.req.valid('json')), 200));
}
