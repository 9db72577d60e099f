// What the access middleware needs to know about a request's business and person.
import type { Role } from '@arrivo/core';
import { LRUCache } from 'lru-cache';
import type { Sql, Tx } from '../db/client';
import { findBusinessBySlug, type BusinessRow } from '../db/queries/businesses';
import { findCustomerIdentity, type CustomerIdentity } from '../db/queries/contacts';
import { rolesOf } from '../db/queries/memberships';
import { findTechnicianOfUser, type TechnicianRow } from '../db/queries/tracking';
import { allowedOriginsBySlug, anyBusinessAllowsOrigin } from '../db/queries/settings';

/**
 * Businesses by slug, read on every business request, and the origins each allows, read on every
 * cross-origin request (CORS). No API changes a business row (name, zone, phone are set at
 * creation), so a short TTL only bounds how long an edit made by hand in SQL takes to show; unknown
 * slugs are never kept, so a new business answers at once. Allowed origins are changed through
 * the API (access settings): a write on this process forgets them here at once (`forgetOrigins`);
 * other server processes see the change within the TTL.
 */
export class BusinessDirectory {
  private readonly bySlug: LRUCache<string, BusinessRow>;
  private readonly originsBySlug: LRUCache<string, ReadonlySet<string>>;
  /** For routes of no business: whether any business allows an origin (keyed by the origin a client sent, so bounded). */
  private readonly anyAllows: LRUCache<string, boolean>;
  /** Bumped by every `forgetOrigins`: a read that started before a write never stores what it read. */
  private originsGeneration = 0;

  constructor(options: { ttlMs?: number; max?: number } = {}) {
    const ttl = options.ttlMs ?? 30_000;
    this.bySlug = new LRUCache({ max: options.max ?? 10_000, ttl });
    this.originsBySlug = new LRUCache({ max: options.max ?? 10_000, ttl });
    this.anyAllows = new LRUCache({ max: 1_000, ttl });
  }

  /** Is `origin` allowed by the business with this slug (or, without one, by any business)? */
  async allowsOrigin(sql: Sql, origin: string, slug?: string): Promise<boolean> {
    const generation = this.originsGeneration;
    if (slug === undefined) {
      const kept = this.anyAllows.get(origin);
      if (kept !== undefined) return kept;
      const allowed = await anyBusinessAllowsOrigin(sql, origin);
      if (generation === this.originsGeneration) this.anyAllows.set(origin, allowed);
      return allowed;
    }
    let origins = this.originsBySlug.get(slug);
    if (!origins) {
      const listed = await allowedOriginsBySlug(sql, slug);
      if (!listed) return false; // no such business (not kept: it may be created next)
      origins = new Set(listed);
      if (generation === this.originsGeneration) this.originsBySlug.set(slug, origins);
    }
    return origins.has(origin);
  }

  /** The business's allowed origins were just written: ask the database next time. */
  forgetOrigins(slug: string): void {
    this.originsGeneration++;
    this.originsBySlug.delete(slug);
    this.anyAllows.clear();
  }

  async find(sql: Sql, slug: string): Promise<BusinessRow | undefined> {
    const kept = this.bySlug.get(slug);
    if (kept) return kept;
    const row = await findBusinessBySlug(sql, slug);
    if (row) this.bySlug.set(slug, row);
    return row;
  }
}

/**
 * The roles a user holds in a business: read fresh every time, so a removed role bites at once.
 * The one way the rest of the server asks (the access middleware, sign-in, password reset,
 * technician accounts); layers.test.ts keeps it so.
 */
export function rolesInBusiness(sql: Sql | Tx, businessId: string, userId: string): Promise<Role[]> {
  return rolesOf(sql, businessId, userId);
}

/** The customer behind a user in a business (contact, account, active flag), read fresh every time. */
export function customerIdentity(sql: Sql | Tx, businessId: string, userId: string): Promise<CustomerIdentity | undefined> {
  return findCustomerIdentity(sql, businessId, userId);
}

/** The active technician record linked to a user in a business, read fresh every time (unlinking bites at once). */
export function technicianOfUser(sql: Sql, businessId: string, userId: string): Promise<TechnicianRow | undefined> {
  return findTechnicianOfUser(sql, businessId, userId);
}
