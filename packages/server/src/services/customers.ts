// Staff work on accounts, contacts, functional locations and assets (the seeds' Field Service side).
import { AppError, type Account, type Asset, type AutoInviteSkip, type Contact } from '@arrivo/core';
import type { Sql } from '../db/client';
import { findAccount, insertAccount, listAccounts, updateAccount } from '../db/queries/accounts';
import { deleteAsset, findAsset, insertAsset, listAssets, updateAsset, type AssetFields } from '../db/queries/assets';
import type { BusinessRow } from '../db/queries/businesses';
import { deleteContact, findContact, insertContact, listContacts, updateContact, type ContactFields } from '../db/queries/contacts';
import {
  countAssetsAtLocation,
  deleteLocation,
  insertLocation,
  listLocations,
  lockLocation,
  locationBelongsToAccount,
  updateLocation,
  type LocationRow,
} from '../db/queries/locations';
import type { AppDeps } from '../deps';
import { inviteContact, type InvitationResult } from './invitations';
import { notFound } from './not-found';


function emailTaken(err: unknown): never {
  if ((err as { code?: string; constraint_name?: string }).constraint_name === 'contact_email_uq') throw new AppError('email_in_use');
  throw err;
}

export async function getAccount(sql: Sql, business: BusinessRow, id: string): Promise<Account> {
  return (await findAccount(sql, business.id, id)) ?? Promise.reject(notFound('account'));
}

export const accounts = {
  list: (sql: Sql, business: BusinessRow, filter: { q?: string; active?: boolean }) => listAccounts(sql, business.id, filter),
  create: (sql: Sql, business: BusinessRow, input: Parameters<typeof insertAccount>[2]) => insertAccount(sql, business.id, input),
  async update(sql: Sql, business: BusinessRow, id: string, patch: Partial<Omit<Account, 'id'>>): Promise<Account> {
    return (await updateAccount(sql, business.id, id, patch)) ?? Promise.reject(notFound('account'));
  },
};

export const contacts = {
  async list(sql: Sql, business: BusinessRow, accountId: string): Promise<Contact[]> {
    await getAccount(sql, business, accountId);
    return listContacts(sql, business.id, accountId);
  },
  async get(sql: Sql, business: BusinessRow, id: string): Promise<Contact> {
    return (await findContact(sql, business.id, id)) ?? Promise.reject(notFound('contact'));
  },
  /** Adding a contact to an active account invites it, as the business's auto-invite setting says. */
  async create(
    deps: Pick<AppDeps, 'sql' | 'events' | 'secrets' | 'publicUrl'>,
    business: BusinessRow,
    accountId: string,
    input: ContactFields,
  ): Promise<{ contact: Contact; invitation?: InvitationResult; skipped?: AutoInviteSkip }> {
    await getAccount(deps.sql, business, accountId);
    // One transaction: a contact whose automatic invitation failed is not left behind uninvited.
    const { id, invitation } = await deps.sql.begin(async (tx) => {
      const contactId = await insertContact(tx, business.id, accountId, input).catch(emailTaken);
      return { id: contactId, invitation: await inviteContact(tx, deps, business, contactId, null, true) };
    });
    const contact = await contacts.get(deps.sql, business, id);
    return 'skipped' in invitation ? { contact, skipped: invitation.skipped } : { contact, invitation };
  },
  async update(sql: Sql, business: BusinessRow, id: string, patch: Partial<ContactFields>): Promise<Contact> {
    if (!(await updateContact(sql, business.id, id, patch).catch(emailTaken))) throw notFound('contact');
    return contacts.get(sql, business, id);
  },
  async remove(sql: Sql, business: BusinessRow, id: string): Promise<void> {
    if (!(await deleteContact(sql, business.id, id))) throw notFound('contact');
  },
};

export const locations = {
  async list(sql: Sql, business: BusinessRow, accountId: string): Promise<LocationRow[]> {
    await getAccount(sql, business, accountId);
    return listLocations(sql, business.id, accountId);
  },
  async create(sql: Sql, business: BusinessRow, accountId: string, input: Parameters<typeof insertLocation>[3]): Promise<LocationRow> {
    await getAccount(sql, business, accountId);
    return insertLocation(sql, business.id, accountId, input);
  },
  async update(sql: Sql, business: BusinessRow, id: string, patch: Parameters<typeof updateLocation>[3]): Promise<LocationRow> {
    return (await updateLocation(sql, business.id, id, patch)) ?? Promise.reject(notFound('functional location'));
  },
  /**
   * Only a location no asset is installed at (visits keep the address they were booked with, and
   * reach a location only through its assets): deleting one would quietly send its assets' next
   * visits to the account's address.
   */
  async remove(sql: Sql, business: BusinessRow, id: string): Promise<void> {
    await sql.begin(async (tx) => {
      if (!(await lockLocation(tx, business.id, id))) throw notFound('functional location');
      const n = await countAssetsAtLocation(tx, business.id, id);
      if (n) throw new AppError('location_in_use', `${n === 1 ? 'An asset is' : `${n} assets are`} still at this location. Move or delete ${n === 1 ? 'it' : 'them'} first.`, { details: { assets: n } });
      await deleteLocation(tx, business.id, id);
    });
  },
};

async function assertLocationOfAccount(sql: Sql, business: BusinessRow, locationId: string | null | undefined, accountId: string) {
  if (locationId && !(await locationBelongsToAccount(sql, business.id, locationId, accountId))) {
    throw new AppError('invalid_reference', 'The functional location must belong to the same account.');
  }
}

export const assets = {
  async list(sql: Sql, business: BusinessRow, accountId: string): Promise<Asset[]> {
    await getAccount(sql, business, accountId);
    return listAssets(sql, business.id, accountId);
  },
  async get(sql: Sql, business: BusinessRow, id: string): Promise<Asset> {
    return (await findAsset(sql, business.id, id)) ?? Promise.reject(notFound('asset'));
  },
  async create(sql: Sql, business: BusinessRow, accountId: string, input: AssetFields): Promise<Asset> {
    await getAccount(sql, business, accountId);
    await assertLocationOfAccount(sql, business, input.functionalLocationId, accountId);
    return assets.get(sql, business, await insertAsset(sql, business.id, accountId, input));
  },
  async update(sql: Sql, business: BusinessRow, id: string, patch: Partial<AssetFields>): Promise<Asset> {
    const current = await assets.get(sql, business, id);
    await assertLocationOfAccount(sql, business, patch.functionalLocationId, current.accountId);
    await updateAsset(sql, business.id, id, patch);
    return assets.get(sql, business, id);
  },
  async remove(sql: Sql, business: BusinessRow, id: string): Promise<void> {
    if (!(await deleteAsset(sql, business.id, id))) throw notFound('asset');
  },
};
