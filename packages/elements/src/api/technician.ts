// Technician area: the signed-in technician's own visits, status changes and location fixes
// (`/technician/*`, the server's technician audience). Only the technician app loads this module.
import type { LocationFix, locationAcceptedSchema, statusChangeBodySchema, technicianVisitSchema, technicianVisitsSchema } from '@arrivo/core';
import type { Connection, Retry } from './http';

// Location sharing keeps its own queue and retries: one attempt per request here.
const NO_RETRY: Retry = { limit: 0, methods: [], statusCodes: [] };
import type { In, Out } from './types';

type Visit = Out<typeof technicianVisitSchema>;
const visitPath = (id: string, action = '') => `technician/visits/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** The technician's visits from `from` (YYYY-MM-DD, the business's day) for `days` days, in order. */
export const visits = (c: Connection, searchParams: { from: string; days: number }, signal?: AbortSignal) =>
  c.call<Out<typeof technicianVisitsSchema>>('technician/visits', { searchParams, signal });

export const visit = (c: Connection, id: string, signal?: AbortSignal) => c.call<Visit>(visitPath(id), { signal });

/** Move a visit along: traveling, in_progress, completed (or canceled with a `note`, where allowed). */
export const changeStatus = (c: Connection, id: string, json: In<typeof statusChangeBodySchema>) => c.call<Visit>(visitPath(id, 'status'), { method: 'post', json });

/** Fixes oldest first, at most LOCATION_BATCH_MAX; `409 not_traveling` once the visit is not Traveling. */
export const sendLocations = (c: Connection, id: string, fixes: LocationFix[]) =>
  c.call<Out<typeof locationAcceptedSchema>>(visitPath(id, 'locations'), { method: 'post', json: { fixes }, retry: NO_RETRY });
