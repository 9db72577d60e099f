import type { Logger } from '../log';

/** What every request carries through Hono's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
  };
}
