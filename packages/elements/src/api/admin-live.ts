// Admin console, live map: the business's visits on the way, with each technician's latest
// position and ETA (staff). Only the console's lazily loaded map chunk imports this module.
import type { liveTravelsSchema } from '@arrivo/core';
import type { Connection } from './http';
import type { Out } from './types';

export type LiveTravels = Out<typeof liveTravelsSchema>;

export const liveTravels = (c: Connection, signal?: AbortSignal) => c.call<LiveTravels>('admin/tracking/live', { signal });
