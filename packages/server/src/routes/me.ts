// The signed-in customer's own data. Everything is scoped to their contact and account: another
// account's ids answer 404, exactly like ids that do not exist.
import { createRoute, z } from '@hono/zod-openapi';
import { AppError, assetSchema, contactSchema, profileSchema, profileUpdateSchema } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { findAsset, listAssets } from '../db/queries/assets';
import { findContact, listContacts } from '../db/queries/contacts';
import { findProfile, saveProfile } from '../db/queries/profile';
import { businessParams, errors, json, jsonBody, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';

const tags = ['customer'];
const path = (rest: string) => `/businesses/{business}/me${rest}`;
const common = { tags, security: signedIn };

const routes = {
  profile: createRoute({
    ...common, method: 'get', path: path(''),
    summary: 'The customer’s profile (shown on first sign-in until saved or skipped)',
    request: { params: businessParams },
    responses: { 200: json(profileSchema, 'Profile'), ...errors(401, 403, 404) },
  }),
  saveProfile: createRoute({
    ...common, method: 'patch', path: path(''),
    summary: 'Save profile fields; an empty body skips the first-run profile step',
    request: { params: businessParams, ...jsonBody(profileUpdateSchema) },
    responses: { 200: json(profileSchema, 'Saved'), ...errors(400, 401, 403, 404) },
  }),
  assets: createRoute({
    ...common, method: 'get', path: path('/assets'),
    summary: 'The account’s assets (service products), each with the address visits go to',
    request: { params: businessParams },
    responses: { 200: json(z.array(assetSchema), 'Assets'), ...errors(401, 403, 404) },
  }),
  asset: createRoute({
    ...common, method: 'get', path: path('/assets/{assetId}'),
    summary: 'One of the account’s assets',
    request: { params: withId('assetId') },
    responses: { 200: json(assetSchema, 'Asset'), ...errors(400, 401, 403, 404) },
  }),
  contacts: createRoute({
    ...common, method: 'get', path: path('/contacts'),
    summary: 'The people on the customer’s account',
    request: { params: businessParams },
    responses: { 200: json(z.array(contactSchema), 'Contacts'), ...errors(401, 403, 404) },
  }),
  contact: createRoute({
    ...common, method: 'get', path: path('/contacts/{contactId}'),
    summary: 'One person on the customer’s account',
    request: { params: withId('contactId') },
    responses: { 200: json(contactSchema, 'Contact'), ...errors(400, 401, 403, 404) },
  }),
};

export function customerRoutes(deps: Pick<AppDeps, 'sql'>) {
  const { sql } = deps;
  const profileOf = async (businessId: string, contactId: string) =>
    (await findProfile(sql, businessId, contactId)) ?? Promise.reject(new AppError('not_found'));
  return createRouter()
    .openapi(routes.profile, async (c) => c.json(await profileOf(c.get('business').id, c.get('customer').contactId), 200))
    .openapi(routes.saveProfile, async (c) => {
      const { id } = c.get('business');
      const { contactId } = c.get('customer');
      await saveProfile(sql, id, contactId, c.req.valid('json'));
      return c.json(await profileOf(id, contactId), 200);
    })
    .openapi(routes.assets, async (c) => c.json(await listAssets(sql, c.get('business').id, c.get('customer').accountId), 200))
    .openapi(routes.asset, async (c) => {
      const asset = await findAsset(sql, c.get('business').id, c.req.valid('param').assetId, c.get('customer').accountId);
      if (!asset) throw new AppError('not_found', 'There is no such asset.');
      return c.json(asset, 200);
    })
    .openapi(routes.contacts, async (c) => c.json(await listContacts(sql, c.get('business').id, c.get('customer').accountId), 200))
    .openapi(routes.contact, async (c) => {
      const contact = await findContact(sql, c.get('business').id, c.req.valid('param').contactId);
      if (!contact || contact.accountId !== c.get('customer').accountId) throw new AppError('not_found', 'There is no such contact.');
      return c.json(contact, 200);
    });
}
