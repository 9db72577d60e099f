// Admin console: an account's functional locations and assets (`/admin/*`, staff). Only the
// console's lazily loaded places screen imports this module.
import type { assetInputSchema, assetPatchSchema, assetSchema, functionalLocationInputSchema, functionalLocationPatchSchema, functionalLocationSchema } from '@arrivo/core';
import type { Connection } from './http';
import type { In, Out } from './types';

export type FunctionalLocation = Out<typeof functionalLocationSchema>;
export type LocationInput = In<typeof functionalLocationInputSchema>;
export type Asset = Out<typeof assetSchema>;

const id = encodeURIComponent;

export const locations = (c: Connection, accountId: string, signal?: AbortSignal) => c.call<FunctionalLocation[]>(`admin/accounts/${id(accountId)}/locations`, { signal });

export const createLocation = (c: Connection, accountId: string, json: LocationInput) =>
  c.call<FunctionalLocation>(`admin/accounts/${id(accountId)}/locations`, { method: 'post', json });

export const updateLocation = (c: Connection, locationId: string, json: In<typeof functionalLocationPatchSchema>) =>
  c.call<FunctionalLocation>(`admin/locations/${id(locationId)}`, { method: 'patch', json });

/** Refused (`location_in_use`) while assets are at the location. */
export const removeLocation = (c: Connection, locationId: string) => c.call<void>(`admin/locations/${id(locationId)}`, { method: 'delete' });

export const assets = (c: Connection, accountId: string, signal?: AbortSignal) => c.call<Asset[]>(`admin/accounts/${id(accountId)}/assets`, { signal });

export const createAsset = (c: Connection, accountId: string, json: In<typeof assetInputSchema>) =>
  c.call<Asset>(`admin/accounts/${id(accountId)}/assets`, { method: 'post', json });

export const updateAsset = (c: Connection, assetId: string, json: In<typeof assetPatchSchema>) => c.call<Asset>(`admin/assets/${id(assetId)}`, { method: 'patch', json });

export const removeAsset = (c: Connection, assetId: string) => c.call<void>(`admin/assets/${id(assetId)}`, { method: 'delete' });
