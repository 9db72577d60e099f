// Who holds which role at a business (admins only). Taking a role away signs the person out at
// this business at once: their sessions here are deleted, so the next request with one is a 401.
import { AppError, ROLES, type PeopleQuery, type Person, type PersonPage, type Role } from '@arrivo/core';
import { deleteSessionsAt } from '../db/queries/auth-sessions';
import type { BusinessRow } from '../db/queries/businesses';
import { countAdmins, findPerson, hasContactAt, lockBusinessRoles, searchPeople, setRoles } from '../db/queries/people';
import { findUserIdByEmail } from '../db/queries/users';
import type { Tx } from '../db/client';
import type { AppDeps } from '../deps';
import { rolesInBusiness } from './access';
import { notFound } from './not-found';

type Deps = Pick<AppDeps, 'sql'>;

export async function peoplePage(deps: Deps, business: BusinessRow, query: PeopleQuery): Promise<PersonPage> {
  const rows = await searchPeople(deps.sql, business.id, { q: query.q || undefined, role: query.role, limit: query.limit, offset: query.offset });
  return { items: rows.slice(0, query.limit), nextOffset: rows.length > query.limit ? query.offset + query.limit : null };
}

/** Make `wanted` the user's roles here, with the guards; answers the person (null: no role left). */
async function changeRoles(tx: Tx, business: BusinessRow, userId: string, held: Role[], wanted: Role[]): Promise<Person | null> {
  const roles = ROLES.filter((r) => wanted.includes(r));
  // Customers come through an invitation to one of their account's contacts, never by a grant.
  if (roles.includes('customer') && !held.includes('customer') && !(await hasContactAt(tx, business.id, userId))) {
    throw new AppError('invalid_reference', 'Only a contact who redeemed an invitation can be a customer: invite the person from their account instead.');
  }
  if (held.includes('admin') && !roles.includes('admin') && (await countAdmins(tx, business.id)) <= 1) throw new AppError('last_admin');
  await setRoles(tx, business.id, userId, roles);
  if (held.some((r) => !roles.includes(r))) await deleteSessionsAt(tx, business.id, userId);
  return (await findPerson(tx, business.id, userId)) ?? null;
}

/**
 * Set the whole set of roles a person of this business holds. Someone who holds no role here is
 * not found (another business's people are never reachable); an empty set removes the person.
 */
export async function updatePersonRoles(deps: Deps, business: BusinessRow, userId: string, roles: Role[]): Promise<Person | null> {
  return deps.sql.begin(async (tx) => {
    await lockBusinessRoles(tx, business.id);
    const held = await rolesInBusiness(tx, business.id, userId);
    if (!held.length) throw notFound('person');
    return changeRoles(tx, business, userId, held, roles);
  });
}

/** Add roles to someone who already has a sign-in, found by email (they keep the roles they had). */
export async function grantRoles(deps: Deps, business: BusinessRow, email: string, roles: Role[]): Promise<Person> {
  return deps.sql.begin(async (tx) => {
    const userId = await findUserIdByEmail(tx, email);
    if (!userId) throw new AppError('no_sign_in');
    await lockBusinessRoles(tx, business.id);
    const held = await rolesInBusiness(tx, business.id, userId);
    return (await changeRoles(tx, business, userId, held, [...new Set([...held, ...roles])]))!;
  });
}
