// Profile area: the signed-in customer's own details.
import type { profileSchema, profileUpdateSchema } from '@arrivo/core';
import type { Connection } from './http';
import type { In, Out } from './types';

type Profile = Out<typeof profileSchema>;

export const profile = (c: Connection, signal?: AbortSignal) => c.call<Profile>('me', { signal });

export const saveProfile = (c: Connection, json: In<typeof profileUpdateSchema>) => c.call<Profile>('me', { method: 'patch', json });
