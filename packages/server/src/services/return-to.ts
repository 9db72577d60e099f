import { AppError } from '@arrivo/core';
import type { BusinessRow } from '../db/queries/businesses';
import { getAccessSettings } from '../db/queries/settings';
import type { AppDeps } from '../deps';

/** Links we send people to must open a page of the business (or of this server), nowhere else. */
export async function assertReturnToAllowed(deps: Pick<AppDeps, 'sql' | 'publicUrl'>, business: BusinessRow, returnTo: string): Promise<void> {
  const origin = new URL(returnTo).origin;
  if (origin === new URL(deps.publicUrl).origin) return;
  const { allowedOrigins } = await getAccessSettings(deps.sql, business.id);
  if (!allowedOrigins.includes(origin)) throw new AppError('origin_not_allowed');
}
