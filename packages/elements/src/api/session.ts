// Session and access area: sign in and out, invitations, password reset, external sign-in.
import type {
  checkInvitationBodySchema,
  forgotPasswordBodySchema,
  invitationCheckSchema,
  oidcExchangeBodySchema,
  redeemBodySchema,
  resetPasswordBodySchema,
  sessionSchema,
  signInBodySchema,
} from '@arrivo/core';
import type { Connection } from './http';
import type { In, Out } from './types';

type Session = Out<typeof sessionSchema>;

export const signIn = (c: Connection, json: In<typeof signInBodySchema>) => c.call<Session>('session', { method: 'post', json });

export const currentSession = (c: Connection, signal?: AbortSignal) => c.call<Session>('session', { signal });

export const signOut = (c: Connection) => c.call<void>('session', { method: 'delete' });

/** Whether an invitation code can be redeemed, before the person chooses a password. */
export const checkInvitation = (c: Connection, json: In<typeof checkInvitationBodySchema>) =>
  c.call<Out<typeof invitationCheckSchema>>('invitations/check', { method: 'post', json });

export const redeemInvitation = (c: Connection, json: In<typeof redeemBodySchema>) => c.call<Session>('invitations/redeem', { method: 'post', json });

export const forgotPassword = (c: Connection, json: In<typeof forgotPasswordBodySchema>) => c.call<void>('password/forgot', { method: 'post', json });

export const resetPassword = (c: Connection, json: In<typeof resetPasswordBodySchema>) => c.call<void>('password/reset', { method: 'post', json });

/** Where to send the browser to sign in with the business's identity provider. */
export const externalSignInUrl = (c: Connection, returnTo: string) => `${c.url('external-sign-in')}?returnTo=${encodeURIComponent(returnTo)}`;

export const exchangeExternalSignIn = (c: Connection, json: In<typeof oidcExchangeBodySchema>) =>
  c.call<Session>('external-sign-in/exchange', { method: 'post', json });
