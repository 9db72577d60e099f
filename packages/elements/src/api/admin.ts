// Admin console area: the bookings board, accounts, contacts and invitations (`/admin/*`, the
// server's staff audience). Only the admin console loads this module.
import type {
  accessSettingsPatchSchema,
  accessSettingsSchema,
  accountInputSchema,
  accountPageSchema,
  accountPatchSchema,
  accountSchema,
  autoInviteSkipSchema,
  boardSchema,
  contactInputSchema,
  contactPageSchema,
  contactSchema,
  invitationSchema,
  staffBookingSchema,
  statusChangeBodySchema,
} from '@arrivo/core';
import type { Connection } from './http';
import type { In, Out } from './types';

export type Board = Out<typeof boardSchema>;
export type BoardVisit = Board['technicians'][number]['visits'][number];
export type StaffBooking = Out<typeof staffBookingSchema>;
export type Account = Out<typeof accountSchema>;
export type AccountInput = In<typeof accountInputSchema>;
export type Contact = Out<typeof contactSchema>;
export type ContactFound = Contact & { accountName: string };
export type Invitation = Out<typeof invitationSchema>;
export type AccessSettings = Out<typeof accessSettingsSchema>;

const id = encodeURIComponent;

/** The business's day (YYYY-MM-DD; today in its zone when left out) per technician. */
export const board = (c: Connection, date: string | undefined, signal?: AbortSignal) => c.call<Board>('admin/board', { searchParams: { date }, signal });

export const booking = (c: Connection, bookingId: string, signal?: AbortSignal) => c.call<StaffBooking>(`admin/bookings/${id(bookingId)}`, { signal });

export const changeStatus = (c: Connection, bookingId: string, json: In<typeof statusChangeBodySchema>) =>
  c.call<unknown>(`admin/bookings/${id(bookingId)}/status`, { method: 'post', json });

export const searchAccounts = (c: Connection, query: { q?: string; offset?: number; limit?: number }, signal?: AbortSignal) =>
  c.call<Out<typeof accountPageSchema>>('admin/search/accounts', { searchParams: query, signal });

export const searchContacts = (c: Connection, query: { q?: string; offset?: number; limit?: number }, signal?: AbortSignal) =>
  c.call<Out<typeof contactPageSchema>>('admin/search/contacts', { searchParams: query, signal });

export const account = (c: Connection, accountId: string, signal?: AbortSignal) => c.call<Account>(`admin/accounts/${id(accountId)}`, { signal });

export const createAccount = (c: Connection, json: AccountInput) => c.call<Account>('admin/accounts', { method: 'post', json });

export const updateAccount = (c: Connection, accountId: string, json: In<typeof accountPatchSchema>) =>
  c.call<Account>(`admin/accounts/${id(accountId)}`, { method: 'patch', json });

export const contacts = (c: Connection, accountId: string, signal?: AbortSignal) => c.call<Contact[]>(`admin/accounts/${id(accountId)}/contacts`, { signal });

/** Adds a contact; the server invites it at once when the business's auto-invite setting says so, else says why not (`notInvited`). */
export const createContact = (c: Connection, accountId: string, json: In<typeof contactInputSchema>) =>
  c.call<{ contact: Contact; invitation: { invitation: Invitation; emailQueued: boolean } | null; notInvited: Out<typeof autoInviteSkipSchema> | null }>(
    `admin/accounts/${id(accountId)}/contacts`,
    { method: 'post', json },
  );

export const invitations = (c: Connection, contactId: string, signal?: AbortSignal) => c.call<Invitation[]>(`admin/contacts/${id(contactId)}/invitations`, { signal });

/** “Create Invitation”: a new code by email; older open ones are revoked (so this is also “resend”). */
export const createInvitation = (c: Connection, contactId: string) =>
  c.call<{ invitation: Invitation; emailQueued: boolean }>(`admin/contacts/${id(contactId)}/invitations`, { method: 'post' });

/** Withdraw an open invitation: its code can no longer be redeemed. */
export const revokeInvitation = (c: Connection, invitationId: string) => c.call<Invitation>(`admin/invitations/${id(invitationId)}/revoke`, { method: 'post' });

export const accessSettings = (c: Connection, signal?: AbortSignal) => c.call<AccessSettings>('admin/settings/access', { signal });

export const updateAccessSettings = (c: Connection, json: In<typeof accessSettingsPatchSchema>) =>
  c.call<AccessSettings>('admin/settings/access', { method: 'patch', json });
