// The feedback survey over HTTP: a signed-in customer's survey of a visit, the survey a link from
// the Completed message opens without signing in, staff reading and exporting the answers, and
// the survey settings.
import { createRoute, z } from '@hono/zod-openapi';
import {
  feedbackBodySchema,
  feedbackQuerySchema,
  feedbackSummarySchema,
  staffFeedbackSchema,
  SURVEY_TOKEN_HEADER,
  surveySchema,
  surveySettingsPatchSchema,
  surveySettingsSchema,
  text,
} from '@arrivo/core';
import type { AppDeps } from '../deps';
import { clientIp } from '../http/access';
import { businessParams, errors, json, jsonBody, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';
import {
  customerSurvey,
  exportFeedback,
  feedbackSummary,
  linkSurvey,
  staffFeedback,
  submitCustomerFeedback,
  submitLinkFeedback,
  surveySettings,
  updateSurveySettings,
} from '../services/feedback';

const B = '/businesses/{business}';

const customer = { tags: ['customer'], security: signedIn };
const customerPath = `${B}/me/bookings/{bookingId}/feedback`;
const customerRoutesDef = {
  get: createRoute({
    ...customer, method: 'get', path: customerPath,
    summary: 'The survey of one of the account’s completed visits, with what was sent if anything',
    description:
      'Another account’s or business’s visit is `404`. A visit not completed, or a business not asking for feedback, is `409 survey_not_available` ' +
      '(feedback already sent stays readable).',
    request: { params: withId('bookingId') },
    responses: { 200: json(surveySchema, 'Survey'), ...errors(400, 401, 403, 404, 409) },
  }),
  submit: createRoute({
    ...customer, method: 'post', path: customerPath,
    summary: 'Rate a completed visit, once',
    description:
      'Answers are checked against the business’s questions (`400 validation_failed`, issues at `json.answers.<key>`). A second submission is ' +
      '`409 feedback_already_sent`. A rating at or below the business’s threshold is a low score: staff are alerted and `followUp` may offer a visit.',
    request: { params: withId('bookingId'), ...jsonBody(feedbackBodySchema) },
    responses: { 201: json(surveySchema, 'Sent; the survey with `submitted` (and `followUp`)'), ...errors(400, 401, 403, 404, 409) },
  }),
};

export function customerFeedbackRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'events'>) {
  return createRouter(deps, 'customer')
    .openapi(customerRoutesDef.get, async (c) => c.json(await customerSurvey(deps, c.get('business'), c.get('customer'), c.req.valid('param').bookingId), 200))
    .openapi(customerRoutesDef.submit, async (c) =>
      c.json(
        await submitCustomerFeedback(deps, c.get('business'), { ...c.get('customer'), userId: c.get('user').id }, c.req.valid('param').bookingId, c.req.valid('json')),
        201,
      ),
    );
}

const tokenHeaders = z.object({ [SURVEY_TOKEN_HEADER]: text.min(16).max(200) });
const linkDescription =
  'The token of the Completed message’s link goes in the `X-Arrivo-Survey-Token` header, never in the URL. Unknown, expired or another ' +
  'business’s tokens are `404 survey_link_invalid`. Rate limited per client address.';
const linkRoutesDef = {
  get: createRoute({
    tags: ['public'], method: 'get', path: `${B}/survey`,
    summary: 'The survey a link from the Completed message opens, without signing in',
    description: `${linkDescription} After the one submission the link allows, it shows what was sent until it expires.`,
    request: { params: businessParams, headers: tokenHeaders },
    responses: { 200: json(surveySchema, 'Survey'), ...errors(400, 404, 409, 429) },
  }),
  submit: createRoute({
    tags: ['public'], method: 'post', path: `${B}/survey`,
    summary: 'Rate the visit of a survey link, once',
    description: `${linkDescription} A used link, or a visit already rated, is \`409 feedback_already_sent\`.`,
    request: { params: businessParams, headers: tokenHeaders, ...jsonBody(feedbackBodySchema) },
    responses: { 201: json(surveySchema, 'Sent'), ...errors(400, 404, 409, 429) },
  }),
};

export function surveyLinkRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'events' | 'trustProxy'>) {
  return createRouter(deps, 'anyone')
    .openapi(linkRoutesDef.get, async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await linkSurvey(deps, c.get('business'), c.req.valid('header')[SURVEY_TOKEN_HEADER], clientIp(c, deps.trustProxy)), 200);
    })
    .openapi(linkRoutesDef.submit, async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await submitLinkFeedback(deps, c.get('business'), c.req.valid('header')[SURVEY_TOKEN_HEADER], clientIp(c, deps.trustProxy), c.req.valid('json')), 201);
    });
}

const staff = { tags: ['staff'], security: signedIn };
const filters = feedbackQuerySchema.omit({ limit: true });
const staffRoutesDef = {
  list: createRoute({
    ...staff, method: 'get', path: `${B}/admin/feedback`,
    summary: 'Feedback on the business’s visits, newest visit first, filtered by technician, service type, visit date and rating',
    request: { params: businessParams, query: feedbackQuerySchema },
    responses: { 200: json(z.array(staffFeedbackSchema), 'Feedback'), ...errors(400, 401, 403) },
  }),
  summary: createRoute({
    ...staff, method: 'get', path: `${B}/admin/feedback/summary`,
    summary: 'Averages over the filtered feedback: rating, CSAT (share of 4 and 5) and NPS, overall, per technician and per service type',
    request: { params: businessParams, query: filters },
    responses: { 200: json(feedbackSummarySchema, 'Summary'), ...errors(400, 401, 403) },
  }),
  export: createRoute({
    ...staff, method: 'get', path: `${B}/admin/feedback/export`,
    summary: 'The filtered feedback as CSV (RFC 4180), one column per question',
    description: 'Cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) start with `\'`.',
    request: { params: businessParams, query: filters },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errors(400, 401, 403) },
  }),
};

export function staffFeedbackRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'staff')
    .openapi(staffRoutesDef.list, async (c) => c.json(await staffFeedback(deps, c.get('business'), c.req.valid('query')), 200))
    .openapi(staffRoutesDef.summary, async (c) => c.json(await feedbackSummary(deps, c.get('business'), c.req.valid('query')), 200))
    .openapi(staffRoutesDef.export, async (c) => {
      const csv = await exportFeedback(deps, c.get('business'), c.req.valid('query'));
      c.header('Cache-Control', 'no-store');
      c.header('Content-Disposition', `attachment; filename="feedback-${c.get('business').slug}.csv"`);
      return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    });
}

const settingsPath = `${B}/admin/survey-settings`;
const settingsRoutesDef = {
  get: createRoute({
    ...staff, method: 'get', path: settingsPath, summary: 'The survey: extra questions, low-score loop, link lifetime and technician ratings',
    description: 'Whether surveys are offered at all is `surveyEnabled` in the scheduling settings.',
    request: { params: businessParams }, responses: { 200: json(surveySettingsSchema, 'Survey settings'), ...errors(400, 401, 403) },
  }),
  update: createRoute({
    ...staff, method: 'patch', path: settingsPath, summary: 'Change the survey settings; `questions` replaces the list before',
    request: { params: businessParams, ...jsonBody(surveySettingsPatchSchema) },
    responses: { 200: json(surveySettingsSchema, 'Survey settings'), ...errors(400, 401, 403) },
  }),
};

/** The survey settings are the admins' (as the other business settings). */
export function surveySettingsRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'admin')
    .openapi(settingsRoutesDef.get, async (c) => c.json(await surveySettings(deps, c.get('business')), 200))
    .openapi(settingsRoutesDef.update, async (c) => c.json(await updateSurveySettings(deps, c.get('business'), c.req.valid('json')), 200));
}
