// Which user account a technician (resource) signs in with: what the technician app will use to
// show them their own visits, and what the status machine checks for a technician actor.
import { AppError, type TechnicianAccount } from '@arrivo/core';
import type { BusinessRow } from '../db/queries/businesses';
import { findTechnicianAccount, setTechnicianUser, technicianIdOfUser } from '../db/queries/technician-accounts';
import { findUserIdByEmail } from '../db/queries/users';
import type { AppDeps } from '../deps';
import { rolesInBusiness } from './access';
import { notFound } from './not-found';

type Deps = Pick<AppDeps, 'sql'>;

export async function technicianAccount(deps: Deps, business: BusinessRow, technicianId: string): Promise<TechnicianAccount> {
  const account = await findTechnicianAccount(deps.sql, business.id, technicianId);
  if (!account) throw notFound('technician');
  return account;
}

/**
 * Link the technician to the account with this email. The account must already hold the
 * technician role in this business (staff cannot hand a stranger's account a technician's visits),
 * and may be linked to one technician only.
 */
export async function linkTechnicianAccount(deps: Deps, business: BusinessRow, technicianId: string, email: string): Promise<TechnicianAccount> {
  return deps.sql.begin(async (tx) => {
    if (!(await findTechnicianAccount(tx, business.id, technicianId, true))) throw notFound('technician');
    const userId = await findUserIdByEmail(tx, email);
    if (!userId || !(await rolesInBusiness(tx, business.id, userId)).includes('technician')) throw new AppError('technician_account_invalid');
    const linked = await technicianIdOfUser(tx, business.id, userId);
    if (linked && linked !== technicianId) throw new AppError('conflict', 'This account is already linked to another technician.');
    await setTechnicianUser(tx, business.id, technicianId, userId);
    return (await findTechnicianAccount(tx, business.id, technicianId))!;
  });
}

export async function unlinkTechnicianAccount(deps: Deps, business: BusinessRow, technicianId: string): Promise<void> {
  await deps.sql.begin(async (tx) => {
    if (!(await findTechnicianAccount(tx, business.id, technicianId, true))) throw notFound('technician');
    await setTechnicianUser(tx, business.id, technicianId, null);
  });
}
