// Who belongs to a business and with which roles (admins only): the console's People screen.
import { z } from 'zod';
import { emailSchema, ROLES } from './access';
import { pageQuerySchema } from './admin-console';
import { text } from './schemas';

const role = z.enum(ROLES);

/** A sign-in's id (better-auth's, not a UUID). */
export const userIdSchema = text.regex(/^[A-Za-z0-9_-]{1,64}$/, 'a user id');

/** A page of the business's people: `q` matches name or email, `role` keeps those holding it. */
export const peopleQuerySchema = pageQuerySchema.extend({ role: role.optional() });
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

export const personSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    roles: z.array(role),
    /** Linked to a contact of this business (only such a person can hold the customer role). */
    contact: z.boolean(),
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof personSchema>;

export const personPageSchema = z.object({ items: z.array(personSchema), nextOffset: z.number().int().nullable() }).meta({ id: 'PersonPage' });
export type PersonPage = z.infer<typeof personPageSchema>;

/** The whole set of roles the person holds here afterwards; an empty set removes them from the business. */
export const personRolesBodySchema = z.object({ roles: z.array(role).max(ROLES.length) }).strict().meta({ id: 'PersonRoles' });

/** Give roles to someone who already has a sign-in (customers get theirs by redeeming an invitation). */
export const grantRolesBodySchema = z
  .object({ email: emailSchema, roles: z.array(role).min(1).max(ROLES.length) })
  .strict()
  .meta({ id: 'GrantRoles' });
