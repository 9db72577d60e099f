// The signed-in customer's own data (services/customer-self.ts scopes it to their account).
import { createRoute, z } from '@hono/zod-openapi';
import { assetSchema, contactSchema, profileSchema, profileUpdateSchema } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { businessParams, errors, json, jsonBody, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';
import { customerAssets, customerContacts, customerProfile, updateCustomerProfile } from '../services/customer-self';

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

export function customerRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'customer')
    .openapi(routes.profile, async (c) => c.json(await customerProfile(deps, c.get('business'), c.get('customer')), 200))
    .openapi(routes.saveProfile, async (c) => c.json(await updateCustomerProfile(deps, c.get('business'), c.get('customer'), c.req.valid('json')), 200))
    .openapi(routes.assets, async (c) => c.json(await customerAssets.list(deps, c.get('business'), c.get('customer')), 200))
    .openapi(routes.asset, async (c) => c.json(await customerAssets.get(deps, c.get('business'), c.get('customer'), c.req.valid('param').assetId), 200))
    .openapi(routes.contacts, async (c) => c.json(await customerContacts.list(deps, c.get('business'), c.get('customer')), 200))
    .openapi(routes.contact, async (c) => c.json(await customerContacts.get(deps, c.get('business'), c.get('customer'), c.req.valid('param').contactId), 200));
}
