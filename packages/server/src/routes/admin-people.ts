// The business's people and their roles (admins only): search, grant by email, set or remove roles.
import { createRoute, z } from '@hono/zod-openapi';
import { grantRolesBodySchema, peopleQuerySchema, personPageSchema, personRolesBodySchema, personSchema, userIdSchema } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { businessParams, errors, json, jsonBody, signedIn } from '../http/openapi';
import { createRouter } from '../http/router';
import { grantRoles, peoplePage, updatePersonRoles } from '../services/people';

const common = { tags: ['staff'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/admin${rest}`;

const routes = {
  list: createRoute({
    ...common, method: 'get', path: path('/people'), summary: 'People of the business with their roles, by name or email, a page at a time (admins)',
    request: { params: businessParams, query: peopleQuerySchema },
    responses: { 200: json(personPageSchema, 'A page of people'), ...errors(400, 401, 403, 404) },
  }),
  grant: createRoute({
    ...common, method: 'post', path: path('/people'),
    summary: 'Give roles to someone who already has a sign-in, by email (admins)',
    description: 'There is no sign-up here: a person without a sign-in is `no_sign_in` (422). Customers get theirs by redeeming an invitation. The customer role is only for a contact of this business (`invalid_reference`).',
    request: { params: businessParams, ...jsonBody(grantRolesBodySchema) },
    responses: { 200: json(personSchema, 'The person with their roles'), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  setRoles: createRoute({
    ...common, method: 'put', path: path('/people/{userId}/roles'),
    summary: 'Set the roles a person holds here (admins); taking one away signs them out at this business',
    description: 'An empty list removes the person from the business. Removing the last administrator (yourself included) is `last_admin` (409). Someone who holds no role here is not found.',
    request: { params: businessParams.extend({ userId: userIdSchema }), ...jsonBody(personRolesBodySchema) },
    responses: { 200: json(z.object({ person: personSchema.nullable() }), 'The person afterwards (null: no role left)'), ...errors(400, 401, 403, 404, 409, 422) },
  }),
};

export function adminPeopleRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'admin')
    .openapi(routes.list, async (c) => c.json(await peoplePage(deps, c.get('business'), c.req.valid('query')), 200))
    .openapi(routes.grant, async (c) => {
      const { email, roles } = c.req.valid('json');
      return c.json(await grantRoles(deps, c.get('business'), email, roles), 200);
    })
    .openapi(routes.setRoles, async (c) => {
      const person = await updatePersonRoles(deps, c.get('business'), c.req.valid('param').userId, c.req.valid('json').roles);
      return c.json({ person }, 200);
    });
}
