export { createApp, type App, type AppDeps } from './app';
export { buildDeps, type BuiltDeps } from './build-deps';
export { startServer, stopOnSignals, type RunningServer, type StartOptions } from './server';
export { loadEnv, EnvError, type Env } from './env';
export { createLogger, type Logger } from './log';
export { connect, type Sql, type Tx } from './db/client';
export { openDatabase, ensureDatabase, type Database } from './db/database';
export { startEmbeddedPostgres, EmbeddedPostgresError, PortInUseError } from './db/embedded';
export { StartError } from './start-error';
export { loadArrivoConfig, defineConfig, type ArrivoConfig } from './plugins/config';
export { loadPlugins, PluginRegistry, type PluginEntry } from './plugins/registry';
export { migrate, readMigrations, MigrationError } from './db/migrate';
export { createDevMailbox, createSmtpMailer, type Mailer, type MailMessage } from './email/mailer';
export { devMailbox } from './services/dev-mailbox';
export { createInvitation, enrollCustomer } from './services/invitations';
export { changeBookingStatus, type StatusActor } from './services/booking-status';
export { linkTechnicianAccount, unlinkTechnicianAccount } from './services/technician-accounts';
// Events and jobs: the queue, the publisher services use, the dispatcher and its subscribers.
export { JobQueue, EVENTS_QUEUE } from './events/queue';
export { createEventPublisher, type EventPublisher } from './events/publisher';
export { startEventWorker, dispatchEvent, type EventSubscriber } from './events/dispatcher';
export { defaultSubscribers } from './events/subscribers';
export { addMembership } from './db/queries/memberships';
export { findBusinessBySlug, type BusinessRow } from './db/queries/businesses';
export { enablePluginUnlessSet } from './db/queries/plugins';
export { enablePluginUnlessChosen } from './services/plugins';
// The data layer, for the demo seed and for tools that set a business up directly.
export { insertBusiness } from './db/queries/businesses';
export { updateAccessSettings } from './db/queries/settings';
export { insertAccount } from './db/queries/accounts';
export { insertContact } from './db/queries/contacts';
export { insertLocation } from './db/queries/locations';
export { insertAsset } from './db/queries/assets';
export { insertWorkOrder, insertBooking } from './db/queries/bookings';
export { findVisitPlace } from './db/queries/schedule';
export { insertSkill, upsertTerritory, saveServiceType, saveTechnician, listTechnicianViews } from './db/queries/scheduling-config';
export { updateSurveySettings } from './db/queries/feedback';
// The business `@arrivo/sdk/testing` seeds into every test server (no demo data needed).
export {
  seedTestBusiness,
  seedTestCustomer,
  TEST_BUSINESS_SLUG,
  TEST_BUSINESS_PASSWORD,
  TEST_BUSINESS_PEOPLE,
  TEST_BUSINESS_SERVICE_TYPES,
  TEST_BUSINESS_TIME_ZONE,
  type TestBusiness,
  type TestBusinessRole,
  type TestCustomer,
} from './services/test-business';
