import type { Env } from '../env';
import type { Logger } from '../log';
import { MemoryLiveBus, type LiveBus } from './bus';
import { PostgresLiveBus } from './postgres-bus';
import { RedisLiveBus } from './redis-bus';

/** The transport `LIVE_BUS` names (default: Redis when REDIS_URL is set, else PostgreSQL). */
export function createLiveBus(env: Pick<Env, 'LIVE_BUS' | 'REDIS_URL'>, databaseUrl: string, log: Logger): LiveBus {
  switch (env.LIVE_BUS) {
    case 'memory':
      return new MemoryLiveBus();
    case 'redis':
      return new RedisLiveBus(env.REDIS_URL!, decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'postgres', log);
    case 'postgres':
      return new PostgresLiveBus(databaseUrl, log);
  }
}
