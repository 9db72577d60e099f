export { createApp, type App, type AppDeps } from './app';
export { startServer, stopOnSignals, type RunningServer, type StartOptions } from './server';
export { loadEnv, EnvError, type Env } from './env';
export { createLogger, type Logger } from './log';
export { connect, type Sql, type Tx } from './db/client';
export { openDatabase, ensureDatabase, type Database } from './db/database';
export { startEmbeddedPostgres } from './db/embedded';
export { migrate, readMigrations, MigrationError } from './db/migrate';
