// Public area: what anyone may read, signed in or not.
import type { healthSchema, publicBusinessSchema } from '@arrivo/core';
import type { Connection } from './http';
import type { Out } from './types';

export const health = (c: Connection, signal?: AbortSignal) => c.call<Out<typeof healthSchema>>('/health', { signal });

/** The business's name, time zone and public booking options. */
export const publicBusiness = (c: Connection, signal?: AbortSignal) => c.call<Out<typeof publicBusinessSchema>>('', { signal });
