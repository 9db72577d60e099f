import type { BusinessRow } from '../db/queries/businesses';
import type { CustomerIdentity } from '../db/queries/contacts';
import type { TechnicianRow } from '../db/queries/tracking';
import type { CurrentUser } from '../services/auth-calls';
import type { Role } from '@arrivo/core';
import type { Logger } from '../log';

/** What every request carries through Hono's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** Set under /businesses/{business}/…: the business named in the path. */
    business: BusinessRow;
    /** Set by `authenticated()`. */
    user: CurrentUser;
    /** Set by `requireRoles()`: the user's roles in this business. */
    roles: Role[];
    /** Set by `authenticatedCustomer()`: which contact and account the customer is. */
    customer: CustomerIdentity;
    /** Set by `authenticatedTechnician()`: the technician record (resource) the user signs in as. */
    technician: TechnicianRow;
  };
}
