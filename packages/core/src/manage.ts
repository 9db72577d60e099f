// "Manage your visit": the link confirmation, reminder and reschedule messages carry. It opens the
// business's portal on that one visit without signing in; the customer may reschedule or cancel
// it there under the same rules as when signed in. Server and elements both derive from here.
import { z } from 'zod';
import { customerBookingSchema, isoDateSchema } from './booking';

/** The request header that carries a manage token (never the URL: URLs end up in logs). */
export const MANAGE_TOKEN_HEADER = 'x-arrivo-manage-token';

/** The link is `<portal URL>#arrivo-manage=<token>`: a fragment, which browsers never send to a server. */
export const MANAGE_LINK_FRAGMENT = 'arrivo-manage';

/** What a manage link opens: the visit as the signed-in list shows it, and the business's time zone. */
export const managedVisitSchema = z
  .object({ timeZone: z.string(), booking: customerBookingSchema })
  .meta({ id: 'ManagedVisit' });
export type ManagedVisit = z.infer<typeof managedVisitSchema>;

/** Free times for the visit's own service type and product: only the days are asked. */
export const manageSlotDaysQuerySchema = z
  .object({ from: isoDateSchema, to: isoDateSchema })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export const manageSlotsQuerySchema = z.object({ date: isoDateSchema });
