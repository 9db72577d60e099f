import { z } from 'zod';
import { httpUrlSchema, text, timeZoneSchema } from './schemas';

export const ROLES = ['admin', 'dispatcher', 'technician', 'customer'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ['admin', 'dispatcher'] as const satisfies readonly Role[];

export const emailSchema = text.trim().toLowerCase().pipe(z.email().max(254));
export const passwordSchema = text.min(10, 'at least 10 characters').max(128);

/** What a person types: letters and digits, dashes and spaces ignored. */
export const invitationCodeSchema = text.trim().min(16).max(80);

export const signInBodySchema = z.object({ email: emailSchema, password: text.min(1).max(128) }).meta({ id: 'SignIn' });

export const redeemBodySchema = z
  .object({
    code: invitationCodeSchema,
    password: passwordSchema,
    firstName: text.trim().min(1).max(100).optional(),
    lastName: text.trim().max(100).optional(),
  })
  .meta({ id: 'RedeemInvitation' });

export const checkInvitationBodySchema = z.object({ code: invitationCodeSchema }).meta({ id: 'CheckInvitation' });

/** A code that can be redeemed: who it was sent to (the person holding the code). */
export const invitationCheckSchema = z.object({ email: z.string(), firstName: z.string() }).meta({ id: 'InvitationCheck' });
export type InvitationCheck = z.infer<typeof invitationCheckSchema>;

export const forgotPasswordBodySchema = z
  .object({
    email: emailSchema,
    /** The page the reset link should open (it must belong to an allowed origin of the business). */
    returnTo: httpUrlSchema,
  })
  .meta({ id: 'ForgotPassword' });

export const resetPasswordBodySchema = z
  .object({ token: text.min(8).max(200), password: passwordSchema })
  .meta({ id: 'ResetPassword' });

export const oidcExchangeBodySchema = z.object({ code: text.min(8).max(200) }).meta({ id: 'ExternalSignInExchange' });

export const sessionUserSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });

/** The signed-in user as one business sees them. `token` is returned only when a session is created. */
export const sessionSchema = z
  .object({
    token: z.string().optional(),
    user: sessionUserSchema,
    roles: z.array(z.enum(ROLES)),
    /** For customers: false until the first-run profile step was saved or skipped. */
    profileCompleted: z.boolean().nullable(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof sessionSchema>;

export const profileSchema = z
  .object({
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    preferredLanguage: z.string().nullable(),
    timeZone: z.string().nullable(),
    notifyEmail: z.boolean(),
    notifySms: z.boolean(),
    profileCompleted: z.boolean(),
    account: z.object({ id: z.uuid(), name: z.string() }),
  })
  .meta({ id: 'Profile' });
export type Profile = z.infer<typeof profileSchema>;

/** Every field optional: saving an empty body is how the first-run profile step is skipped. */
export const profileUpdateSchema = z
  .object({
    firstName: text.trim().min(1).max(100),
    lastName: text.trim().max(100),
    phone: text.trim().max(40).nullable(),
    preferredLanguage: text
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as en or es-MX')
      .nullable(),
    timeZone: timeZoneSchema.nullable(),
    notifyEmail: z.boolean(),
    notifySms: z.boolean(),
  })
  .partial()
  .strict()
  .meta({ id: 'ProfileUpdate' });
export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;
