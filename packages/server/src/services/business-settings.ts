// A business's settings as staff change them, and what anyone may see of it before signing in.
import type { AccessSettings, PublicBusiness } from '@arrivo/core';
import type { Sql } from '../db/client';
import type { BusinessRow } from '../db/queries/businesses';
import type { AppDeps } from '../deps';
import { getSchedulingSettings } from '../db/queries/schedule';
import { getAccessSettings, updateAccessSettings } from '../db/queries/settings';

type Deps = { sql: Sql };

export const accessSettings = {
  get: ({ sql }: Deps, business: BusinessRow): Promise<AccessSettings> => getAccessSettings(sql, business.id),
  async update(deps: Deps & Pick<AppDeps, 'businesses'>, business: BusinessRow, patch: Partial<AccessSettings>): Promise<AccessSettings> {
    const saved = await updateAccessSettings(deps.sql, business.id, patch);
    // CORS answers from the directory's copy of the allowed origins: this process sees the change at once.
    if (patch.allowedOrigins) deps.businesses.forgetOrigins(business.slug);
    return saved;
  },
};

/** Only what a page needs to render before anyone signs in: no settings that say how the business works inside. */
export async function publicBusiness(deps: Deps & { externalProviderName?: string }, business: BusinessRow): Promise<PublicBusiness> {
  const settings = await getSchedulingSettings(deps.sql, business.id);
  return {
    slug: business.slug,
    name: business.name,
    timeZone: business.timeZone,
    phone: business.phone,
    website: business.website,
    externalSignIn: deps.externalProviderName ? { name: deps.externalProviderName } : null,
    selfScheduling: {
      assetSelection: settings.assetSelectionEnabled,
      additionalDetails: settings.additionalDetailsEnabled,
      maxLeadDays: settings.maxLeadDays,
    },
  };
}
