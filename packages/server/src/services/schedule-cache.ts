import type { Technician, Territory } from '@arrivo/core';
import type { Sql, Tx } from '../db/client';
import { loadTechnicianConfig, loadTerritories } from '../db/queries/schedule';

interface Entry {
  version: string;
  technicians: Technician[];
  territories: Territory[];
}

/**
 * Technicians (skills, territories, hours) and territories per business, kept until the business's
 * schedule version changes. The version is read with the settings on every request and bumped by
 * triggers on every change (migration 0004), so every server sees a change at once.
 */
export class ScheduleConfigCache {
  private readonly entries = new Map<string, Entry>();

  async get(sql: Sql | Tx, businessId: string, version: string): Promise<Entry> {
    const kept = this.entries.get(businessId);
    if (kept?.version === version) return kept;
    const [technicians, territories] = await Promise.all([loadTechnicianConfig(sql, businessId), loadTerritories(sql, businessId)]);
    if (this.entries.size >= 1000) this.entries.clear();
    const entry = { version, technicians, territories };
    this.entries.set(businessId, entry);
    return entry;
  }
}
