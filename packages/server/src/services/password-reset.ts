import { AsyncLocalStorage } from 'node:async_hooks';
import type { BusinessRow } from '../db/queries/businesses';
import { findUserIdByEmail } from '../db/queries/users';
import type { AppDeps } from '../deps';
import { rolesInBusiness } from './access';
import { requestPasswordReset, resetPassword } from './auth-calls';
import { revokeManageLinks } from './manage-links';
import { assertReturnToAllowed } from './return-to';
import { enforceRateLimits, RATE_RULES } from './rate-limit';

// better-auth calls our sender deep inside requestPasswordReset; this carries which business
// asked and which page the link should open, without threading them through better-auth.
const resetRequest = new AsyncLocalStorage<{ business: BusinessRow; returnTo: string }>();

/**
 * The `sendResetPassword` handed to better-auth: it publishes `password_reset.requested` (the
 * link sealed), and the mail worker sends it, so a slow SMTP server never slows the answer.
 */
export function resetEmailSender(deps: Pick<AppDeps, 'sql' | 'events' | 'secrets'>) {
  return async ({ email, token }: { email: string; token: string }): Promise<void> => {
    const request = resetRequest.getStore();
    if (!request) return; // not asked through Arrivo's route
    const userId = await findUserIdByEmail(deps.sql, email);
    // Only people who belong to this business get its email; everyone gets the same answer.
    if (!userId || !(await rolesInBusiness(deps.sql, request.business.id, userId)).length) return;
    const link = `${request.returnTo.split('#')[0]}#arrivo-reset=${encodeURIComponent(token)}`;
    await deps.events.publish(deps.sql, {
      name: 'password_reset.requested',
      businessId: request.business.id,
      actorUserId: null,
      payload: { email, sealedLink: deps.secrets.seal(link) },
    });
  };
}

/**
 * The `onPasswordReset` handed to better-auth: the user's manage links (sent to the mailbox the
 * reset was about) stop working. better-auth writes the password on its own pool, so this cannot
 * share its transaction; it runs after the password is set and before the user's sessions are
 * revoked, and if it fails the reset answers an error rather than succeeding with links still open.
 */
export function afterPasswordReset(deps: Pick<AppDeps, 'sql'>) {
  return (userId: string) => revokeManageLinks(deps, userId);
}

/** Always answers the same way, whether or not the email has an account. */
export async function forgotPassword(
  deps: Pick<AppDeps, 'sql' | 'auth' | 'publicUrl'>,
  business: BusinessRow,
  input: { email: string; returnTo: string },
  ip: string,
): Promise<void> {
  await assertReturnToAllowed(deps, business, input.returnTo);
  await enforceRateLimits(deps.sql, RATE_RULES.forgotPassword(ip, input.email));
  await resetRequest.run({ business, returnTo: input.returnTo }, () => requestPasswordReset(deps.auth, input.email));
}

export async function completePasswordReset(deps: Pick<AppDeps, 'sql' | 'auth'>, input: { token: string; password: string }, ip: string): Promise<void> {
  await enforceRateLimits(deps.sql, RATE_RULES.resetPassword(ip));
  await resetPassword(deps.auth, input.token, input.password);
}
