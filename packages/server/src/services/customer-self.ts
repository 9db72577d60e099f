// The signed-in customer's own data. Every read is scoped to their contact and account in the
// query itself: another account's ids answer 404, exactly like ids that do not exist.
import { AppError, type Asset, type Contact, type Profile, type ProfileUpdate } from '@arrivo/core';
import type { Sql } from '../db/client';
import { findAsset, listAssets } from '../db/queries/assets';
import type { BusinessRow } from '../db/queries/businesses';
import { findContact, listContacts, type CustomerIdentity } from '../db/queries/contacts';
import { findProfile, saveProfile } from '../db/queries/profile';
import { notFound } from './not-found';

type Deps = { sql: Sql };


export async function customerProfile({ sql }: Deps, business: BusinessRow, customer: CustomerIdentity): Promise<Profile> {
  return (await findProfile(sql, business.id, customer.contactId)) ?? Promise.reject(notFound('profile'));
}

/** Save what was given; saving (even nothing) completes the first-run profile step. */
export async function updateCustomerProfile(deps: Deps, business: BusinessRow, customer: CustomerIdentity, update: ProfileUpdate): Promise<Profile> {
  await saveProfile(deps.sql, business.id, customer.contactId, update);
  return customerProfile(deps, business, customer);
}

export const customerAssets = {
  list: ({ sql }: Deps, business: BusinessRow, customer: CustomerIdentity): Promise<Asset[]> => listAssets(sql, business.id, customer.accountId),
  async get({ sql }: Deps, business: BusinessRow, customer: CustomerIdentity, id: string): Promise<Asset> {
    return (await findAsset(sql, business.id, id, customer.accountId)) ?? Promise.reject(notFound('asset'));
  },
};

export const customerContacts = {
  list: ({ sql }: Deps, business: BusinessRow, customer: CustomerIdentity): Promise<Contact[]> => listContacts(sql, business.id, customer.accountId),
  async get({ sql }: Deps, business: BusinessRow, customer: CustomerIdentity, id: string): Promise<Contact> {
    return (await findContact(sql, business.id, id, customer.accountId)) ?? Promise.reject(notFound('contact'));
  },
};
