import { z } from 'zod';
import { emailSchema } from './access';
import { latitudeSchema, longitudeSchema, text } from './schemas';

const name = text.trim().min(1).max(200);
const optionalText = (max: number) => text.trim().max(max).nullable().optional();

export const addressSchema = z.object({
  addressLine1: text.trim().min(1).max(200),
  addressLine2: optionalText(200),
  city: text.trim().min(1).max(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: text.regex(/^[A-Z]{2}$/, 'a two-letter country code such as US').default('US'),
  lat: latitudeSchema,
  lon: longitudeSchema,
});

export const accountInputSchema = addressSchema
  .extend({ name, active: z.boolean().default(true), territoryId: z.uuid().nullable().optional() })
  .meta({ id: 'AccountInput' });
export const accountPatchSchema = addressSchema
  .extend({ name, active: z.boolean(), territoryId: z.uuid().nullable() })
  .partial()
  .strict()
  .meta({ id: 'AccountPatch' });
export const accountSchema = addressSchema
  .extend({ id: z.uuid(), name: z.string(), active: z.boolean(), territoryId: z.uuid().nullable() })
  .extend({ addressLine2: z.string().nullable(), region: z.string().nullable(), postalCode: z.string().nullable(), country: z.string() })
  .meta({ id: 'Account' });
export type Account = z.infer<typeof accountSchema>;

export const contactInputSchema = z
  .object({
    firstName: text.trim().min(1).max(100),
    lastName: text.trim().max(100).default(''),
    email: emailSchema,
    phone: optionalText(40),
  })
  .meta({ id: 'ContactInput' });
export const contactPatchSchema = contactInputSchema.partial().strict().meta({ id: 'ContactPatch' });

/** Why adding a contact sent no automatic invitation: the setting is off, the account inactive, or (setting "new contacts") the email was invited before. */
export const autoInviteSkipSchema = z.enum(['auto_invite_off', 'account_inactive', 'invited_before']);
export type AutoInviteSkip = z.infer<typeof autoInviteSkipSchema>;

export const INVITATION_STATUSES = ['pending', 'expired', 'revoked', 'redeemed'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/**
 * The one reading of an invitation's timestamps, for the invitation itself and for the contact it
 * was sent to: redeemed wins, then revoked (a newer code replaced it), then expired.
 */
export function invitationStatus(
  invitation: { redeemedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date = new Date(),
): InvitationStatus {
  if (invitation.redeemedAt) return 'redeemed';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt <= now ? 'expired' : 'pending';
}

/** A contact's portal state: its newest invitation's status, or none. */
export const invitationStatusSchema = z.enum(['none', ...INVITATION_STATUSES]);
export const contactSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    /** Whether the contact has a portal account, and the state of its latest invitation. */
    portalUser: z.boolean(),
    invitation: invitationStatusSchema,
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof contactSchema>;

export const functionalLocationInputSchema = addressSchema
  .extend({ name, territoryId: z.uuid().nullable().optional() })
  .meta({ id: 'FunctionalLocationInput' });
export const functionalLocationPatchSchema = addressSchema
  .extend({ name, territoryId: z.uuid().nullable() })
  .partial()
  .strict()
  .meta({ id: 'FunctionalLocationPatch' });
export const functionalLocationSchema = addressSchema
  .extend({ id: z.uuid(), accountId: z.uuid(), name: z.string(), territoryId: z.uuid().nullable() })
  .extend({ addressLine2: z.string().nullable(), region: z.string().nullable(), postalCode: z.string().nullable(), country: z.string() })
  .meta({ id: 'FunctionalLocation' });

export type FunctionalLocation = z.infer<typeof functionalLocationSchema>;
export type FunctionalLocationInput = z.infer<typeof functionalLocationInputSchema>;
/** An address as stored (accounts and functional locations), with its coordinates and territory. */
export type Place = Omit<FunctionalLocation, 'id' | 'accountId' | 'name'>;

export const assetInputSchema = z
  .object({ name, serialNumber: optionalText(100), functionalLocationId: z.uuid().nullable().optional() })
  .meta({ id: 'AssetInput' });
export const assetPatchSchema = assetInputSchema.partial().strict().meta({ id: 'AssetPatch' });

/** An asset with the address a visit for it goes to (its functional location's, else the account's). */
export const assetSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    name: z.string(),
    serialNumber: z.string().nullable(),
    functionalLocationId: z.uuid().nullable(),
    location: z.object({ name: z.string().nullable(), addressLine1: z.string(), city: z.string(), postalCode: z.string().nullable(), lat: z.number(), lon: z.number() }),
  })
  .meta({ id: 'Asset' });
export type Asset = z.infer<typeof assetSchema>;

export const invitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    status: z.enum(INVITATION_STATUSES),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    redeemedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof invitationSchema>;
