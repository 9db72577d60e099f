// Admin console: change or delete a contact (`/admin/contacts/*`, staff). Only the console's lazily
// loaded contact editor imports this module.
import type { contactPatchSchema } from '@arrivo/core';
import type { Contact } from './admin';
import type { Connection } from './http';
import type { In } from './types';

const id = encodeURIComponent;

/** Refused with `email_in_use` when another person of the business has the email. */
export const updateContact = (c: Connection, contactId: string, json: In<typeof contactPatchSchema>) =>
  c.call<Contact>(`admin/contacts/${id(contactId)}`, { method: 'patch', json });

/** Its visits stay on the account (without it), manage links sent to it stop working; its invitations are remembered by email. */
export const removeContact = (c: Connection, contactId: string) => c.call<void>(`admin/contacts/${id(contactId)}`, { method: 'delete' });
