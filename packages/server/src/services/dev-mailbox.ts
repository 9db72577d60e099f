// What the dev mailbox shows: the emails kept when no SMTP server is configured.
import type { Sql } from '../db/client';
import { findDevMail, listDevMail, type DevMailRow } from '../db/queries/dev-mail';

export const devMailbox = {
  list: (deps: { sql: Sql }): Promise<DevMailRow[]> => listDevMail(deps.sql),
  get: (deps: { sql: Sql }, id: string): Promise<DevMailRow | undefined> => findDevMail(deps.sql, id),
};
