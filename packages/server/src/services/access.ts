// What the access middleware needs to know about a request's business and person.
import type { Role } from '@arrivo/core';
import { LRUCache } from 'lru-cache';
import type { Sql } from '../db/client';
import { findBusinessBySlug, type BusinessRow } from '../db/queries/businesses';
import { findCustomerIdentity, type CustomerIdentity } from '../db/queries/contacts';
import { rolesOf } from '../db/queries/memberships';
import { findTechnicianOfUser, type TechnicianRow } from '../db/queries/tracking';

/**
 * Businesses by slug, read on every business request. No API changes a business row (name, zone,
 * phone are set at creation), so a short TTL only bounds how long an edit made by hand in SQL
 * takes to show; unknown slugs are never kept, so a new business answers at once.
 */
export class BusinessDirectory {
  private readonly bySlug: LRUCache<string, BusinessRow>;

  constructor(options: { ttlMs?: number; max?: number } = {}) {
    this.bySlug = new LRUCache({ max: options.max ?? 10_000, ttl: options.ttlMs ?? 30_000 });
  }

  async find(sql: Sql, slug: string): Promise<BusinessRow | undefined> {
    const kept = this.bySlug.get(slug);
    if (kept) return kept;
    const row = await findBusinessBySlug(sql, slug);
    if (row) this.bySlug.set(slug, row);
    return row;
  }
}

/** The roles a user holds in a business: read fresh on every request, so a removed role bites at once. */
export function rolesInBusiness(sql: Sql, businessId: string, userId: string): Promise<Role[]> {
  return rolesOf(sql, businessId, userId);
}

/** The customer behind a user in a business (contact, account, active flag), read fresh every time. */
export function customerIdentity(sql: Sql, businessId: string, userId: string): Promise<CustomerIdentity | undefined> {
  return findCustomerIdentity(sql, businessId, userId);
}

/** The active technician record linked to a user in a business, read fresh every time (unlinking bites at once). */
export function technicianOfUser(sql: Sql, businessId: string, userId: string): Promise<TechnicianRow | undefined> {
  return findTechnicianOfUser(sql, businessId, userId);
}
