// Admin console: the business's people and their roles (`/admin/people`, admins). Only the
// console's lazily loaded People screen imports this module.
import type { grantRolesBodySchema, personPageSchema, personSchema, Role } from '@arrivo/core';
import type { Connection } from './http';
import type { In, Out } from './types';

export type Person = Out<typeof personSchema>;
export type PersonPage = Out<typeof personPageSchema>;

export const people = (c: Connection, query: { q?: string; role?: Role; offset?: number; limit?: number }, signal?: AbortSignal) =>
  c.call<PersonPage>('admin/people', { searchParams: query, signal });

/** Add roles to someone who already has a sign-in, by email (`no_sign_in` otherwise). */
export const grantRoles = (c: Connection, json: In<typeof grantRolesBodySchema>) => c.call<Person>('admin/people', { method: 'post', json });

/** The whole set of roles afterwards; taking one away signs the person out at this business. */
export const setRoles = (c: Connection, userId: string, roles: Role[]) =>
  c.call<{ person: Person | null }>(`admin/people/${encodeURIComponent(userId)}/roles`, { method: 'put', json: { roles } });
