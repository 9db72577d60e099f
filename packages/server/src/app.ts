import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { AppError } from '@arrivo/core';
import type { AppDeps } from './deps';
import { businessScope } from './http/access';
import type { AppEnv } from './http/app-env';
import { embedCors } from './http/cors';
import { databaseGuard } from './http/database-guard';
import { handleError } from './http/errors';
import { requestLog } from './http/request-log';
import { noStore, securityHeaders } from './http/security-headers';
import { accessSettingsRoutes, adminRoutes } from './routes/admin';
import { adminConsoleRoutes } from './routes/admin-console';
import { adminPeopleRoutes } from './routes/admin-people';
import { adminDispatchRoutes } from './routes/admin-dispatch';
import { adminStaffBookingRoutes } from './routes/admin-staff-booking';
import { notificationTemplateAdminRoutes, notificationTemplateStaffRoutes } from './routes/notification-templates';
import { notificationRoutes, notificationSettingsRoutes } from './routes/notifications';
import { adminSchedulingRoutes, schedulingSettingsRoutes } from './routes/admin-scheduling';
import { bookingRoutes } from './routes/bookings';
import { devMailboxRoutes } from './routes/dev-mailbox';
import { elementsRoutes } from './routes/elements';
import { customerFeedbackRoutes, staffFeedbackRoutes, surveyLinkRoutes, surveySettingsRoutes } from './routes/feedback';
import { healthRoutes } from './routes/health';
import { insightsRoutes } from './routes/insights';
import { liveRoutes } from './routes/live';
import { customerRoutes } from './routes/me';
import { publicRoutes } from './routes/public';
import { pluginListRoutes, pluginSettingsRoutes } from './routes/plugins-admin';
import { pluginRoutes } from './routes/plugin-routes';
import { currentSessionRoutes, sessionRoutes } from './routes/session';
import { manageRoutes } from './routes/manage';
import { customerTrackingRoutes, staffTrackingRoutes, technicianRoutes, trackingLinkPublicRoutes } from './routes/tracking';

export type { AppDeps } from './deps';
export type App = OpenAPIHono<AppEnv>;

const BUSINESS = '/api/businesses/:business';

/**
 * The whole HTTP surface under `/api`, and the built elements at `/elements/*`. Callers may add
 * more routes (static pages) after it;
 * any unknown `/api/*` path answers `route_not_found` rather than falling through to them.
 */
export function createApp(deps: AppDeps): App {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(handleError);

  app.use('/api/*', requestId(), requestLog(deps.log), embedCors(deps), securityHeaders());
  app.use('/dev/*', securityHeaders(), noStore());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 1024 * 1024,
      // The rest of the body is never read, so the connection cannot be reused.
      onError: (c) => {
        c.header('Connection', 'close');
        return c.json(new AppError('payload_too_large').toBody(), 413);
      },
    }),
  );

  // Health answers even while PostgreSQL is away (it says `degraded`); everything after the guard
  // is refused at once with 503 then.
  app.route('/api', healthRoutes(deps));
  app.use('/api/*', databaseGuard(deps.dbMonitor));

  // Every business route resolves its business first. Who may call a route is not decided here
  // by URL: each sub-app declares its audience (http/router.ts), so a new one is closed by default.
  app.use(BUSINESS, businessScope(deps));
  app.use(`${BUSINESS}/*`, businessScope(deps));
  // Answers with tokens and one-time codes in them.
  for (const path of ['/session', '/invitations/redeem', '/external-sign-in/*']) app.use(`${BUSINESS}${path}`, noStore());

  // better-auth's own endpoints are reached only for the external provider's redirect back.
  app.on(['GET', 'POST'], '/api/auth/callback/*', (c) => deps.auth.handler(c.req.raw));

  app.route('/api', publicRoutes(deps));
  app.route('/api', sessionRoutes(deps));
  app.route('/api', currentSessionRoutes(deps));
  app.route('/api', customerRoutes(deps));
  app.route('/api', bookingRoutes(deps));
  app.route('/api', adminRoutes(deps));
  app.route('/api', accessSettingsRoutes(deps));
  app.route('/api', adminSchedulingRoutes(deps));
  app.route('/api', schedulingSettingsRoutes(deps));
  app.route('/api', adminDispatchRoutes(deps));
  app.route('/api', adminConsoleRoutes(deps));
  app.route('/api', adminPeopleRoutes(deps));
  app.route('/api', insightsRoutes(deps));
  app.route('/api', adminStaffBookingRoutes(deps));
  app.route('/api', notificationRoutes(deps));
  app.route('/api', notificationSettingsRoutes(deps));
  app.route('/api', notificationTemplateStaffRoutes(deps));
  app.route('/api', notificationTemplateAdminRoutes(deps));
  app.route('/api', liveRoutes(deps));
  app.route('/api', technicianRoutes(deps));
  app.route('/api', customerTrackingRoutes(deps));
  app.route('/api', trackingLinkPublicRoutes(deps));
  app.route('/api', manageRoutes(deps));
  app.route('/api', staffTrackingRoutes(deps));
  app.route('/api', customerFeedbackRoutes(deps));
  app.route('/api', surveyLinkRoutes(deps));
  app.route('/api', staffFeedbackRoutes(deps));
  app.route('/api', surveySettingsRoutes(deps));
  app.route('/api', pluginListRoutes(deps));
  app.route('/api', pluginSettingsRoutes(deps));
  const plugins = pluginRoutes(deps);
  if (plugins) app.route('/api', plugins);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The token from signing in or redeeming an invitation. Same-site pages may rely on the session cookie instead.',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Arrivo API', version: deps.version, description: 'Self-scheduling for field-service businesses.' },
  });
  app.all('/api/*', () => {
    throw new AppError('route_not_found');
  });
  if (deps.elementsDir) app.route('/', elementsRoutes(deps.elementsDir, deps.log));
  // Never in production, whatever mailer was wired: it shows every invitation code and reset link.
  if (deps.mailer.kind === 'dev-mailbox' && !deps.production) app.route('/dev/mailbox', devMailboxRoutes(deps));
  return app;
}
