// The feedback survey: a customer rates a completed visit once, signed in or through the survey
// link of the Completed message; staff read, average and export the answers, and adjust the
// survey. A survey link's token is 256 bits from the CSPRNG; only its SHA-256 is stored. It is
// made in the transaction that completes the visit (booking-status.ts) and allows one submission;
// until it expires it still shows what was sent.
import {
  AppError,
  feedbackScores,
  SURVEY_LINK_FRAGMENT,
  type FeedbackBody,
  type FeedbackQuery,
  type FeedbackSummary,
  type StaffFeedback,
  type Survey,
  type SurveyQuestion,
  type SurveySettings,
  type SurveySettingsPatch,
} from '@arrivo/core';
import type { Tx } from '../db/client';
import type { BusinessRow } from '../db/queries/businesses';
import {
  claimSurveyToken,
  findSurveyVisit,
  findValidSurveyToken,
  getSurveySettings,
  insertFeedback,
  insertSurveyToken,
  listFeedback,
  updateSurveySettings as writeSurveySettings,
  type StaffFeedbackRow,
  type SurveySettingsRow,
  type SurveyVisitRow,
} from '../db/queries/feedback';
import type { AppDeps } from '../deps';
import { hashLinkToken, linkUrl, newLinkToken } from './link-tokens';
import { notFound } from './not-found';
import { enforceRateLimits, RATE_RULES } from './rate-limit';

/** The portal URL with the token in the fragment, which browsers never send to a server. */
export const surveyUrl = (portalUrl: string, token: string) => linkUrl(portalUrl, SURVEY_LINK_FRAGMENT, token);

/** Make the visit's survey link inside `tx` (the transaction completing it) and return its token. */
export async function issueSurveyToken(tx: Tx, link: { businessId: string; bookingId: string; ttlDays: number }): Promise<string> {
  const token = newLinkToken();
  await insertSurveyToken(tx, { tokenHash: hashLinkToken(token), businessId: link.businessId, bookingId: link.bookingId, ttlDays: link.ttlDays });
  return token;
}

export { getSurveySettings };

// ───── settings ─────

const settingsOf = ({ surveyEnabled: _, ...s }: SurveySettingsRow): SurveySettings => s;

export async function surveySettings(deps: Pick<AppDeps, 'sql'>, business: BusinessRow): Promise<SurveySettings> {
  return settingsOf(await getSurveySettings(deps.sql, business.id));
}

export async function updateSurveySettings(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, patch: SurveySettingsPatch): Promise<SurveySettings> {
  await writeSurveySettings(deps.sql, business.id, patch);
  return surveySettings(deps, business);
}

// ───── the customer's survey ─────

function surveyOf(business: BusinessRow, visit: SurveyVisitRow, settings: SurveySettingsRow): Survey {
  const submitted =
    visit.feedbackId && visit.rating !== null && visit.submittedAt
      ? {
          bookingId: visit.bookingId,
          rating: visit.rating,
          recommend: visit.recommend,
          comment: visit.comment,
          answers: visit.answers ?? {},
          submittedAt: visit.submittedAt.toISOString(),
        }
      : null;
  // After a low score, a follow-up visit for the same asset, while its service type can still be booked online.
  const followUp =
    submitted && submitted.rating <= settings.lowScoreThreshold && settings.offerFollowUp && visit.serviceTypeBookable
      ? { serviceTypeId: visit.serviceTypeId, assetId: visit.assetId }
      : null;
  return {
    business: { name: business.name },
    visit: {
      bookingId: visit.bookingId,
      workOrderNumber: visit.workOrderNumber,
      serviceTypeName: visit.serviceTypeName,
      assetName: visit.assetName,
      arrivalAt: visit.arrivalAt.toISOString(),
      timeZone: business.timeZone,
      technicianName: visit.showTechnicianName ? visit.technicianName : null,
    },
    questions: settings.questions,
    submitted,
    followUp,
  };
}

/** A survey is open for completed visits while the business asks for feedback; what was sent stays readable. */
function assertOpen(visit: SurveyVisitRow, settings: SurveySettingsRow): void {
  if (visit.status !== 'completed' || !settings.surveyEnabled) throw new AppError('survey_not_available');
}

type Customer = { accountId: string; contactId: string };

export async function customerSurvey(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, customer: Customer, bookingId: string): Promise<Survey> {
  const [visit, settings] = await Promise.all([findSurveyVisit(deps.sql, business.id, bookingId, customer.accountId), getSurveySettings(deps.sql, business.id)]);
  if (!visit) throw notFound('booking');
  if (!visit.feedbackId) assertOpen(visit, settings);
  return surveyOf(business, visit, settings);
}

export async function submitCustomerFeedback(
  deps: Pick<AppDeps, 'sql' | 'events'>,
  business: BusinessRow,
  customer: Customer & { userId: string },
  bookingId: string,
  body: FeedbackBody,
): Promise<Survey> {
  return submit(deps, business, { bookingId, accountId: customer.accountId, contactId: customer.contactId, actorUserId: customer.userId, via: 'portal' }, body);
}

/** The visit a survey link opens: unknown, expired or another business's → 404 `survey_link_invalid`. */
async function resolveSurveyToken(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, token: string) {
  const link = await findValidSurveyToken(deps.sql, business.id, hashLinkToken(token));
  if (!link) throw new AppError('survey_link_invalid');
  return link;
}

export async function linkSurvey(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, token: string, clientIp: string): Promise<Survey> {
  await enforceRateLimits(deps.sql, RATE_RULES.surveyLink(clientIp));
  const link = await resolveSurveyToken(deps, business, token);
  const [visit, settings] = await Promise.all([findSurveyVisit(deps.sql, business.id, link.bookingId, null), getSurveySettings(deps.sql, business.id)]);
  if (!visit) throw new AppError('survey_link_invalid');
  if (!visit.feedbackId) assertOpen(visit, settings);
  return surveyOf(business, visit, settings);
}

export async function submitLinkFeedback(deps: Pick<AppDeps, 'sql' | 'events'>, business: BusinessRow, token: string, clientIp: string, body: FeedbackBody): Promise<Survey> {
  await enforceRateLimits(deps.sql, RATE_RULES.surveyLink(clientIp));
  const link = await resolveSurveyToken(deps, business, token);
  if (link.usedAt) throw new AppError('feedback_already_sent');
  return submit(deps, business, { bookingId: link.bookingId, accountId: null, contactId: null, actorUserId: null, via: 'link', tokenHash: hashLinkToken(token) }, body);
}

async function submit(
  deps: Pick<AppDeps, 'sql' | 'events'>,
  business: BusinessRow,
  who: { bookingId: string; accountId: string | null; contactId: string | null; actorUserId: string | null; via: 'portal' | 'link'; tokenHash?: string },
  body: FeedbackBody,
): Promise<Survey> {
  return deps.sql.begin(async (tx) => {
    const [visit, settings] = await Promise.all([findSurveyVisit(tx, business.id, who.bookingId, who.accountId), getSurveySettings(tx, business.id)]);
    if (!visit) throw who.via === 'link' ? new AppError('survey_link_invalid') : notFound('booking');
    if (visit.feedbackId) throw new AppError('feedback_already_sent');
    assertOpen(visit, settings);
    const answers = checkAnswers(settings.questions, body.answers ?? {});
    // The link allows one submission: a concurrent one with the same link finds it used.
    if (who.tokenHash && !(await claimSurveyToken(tx, business.id, who.tokenHash))) throw new AppError('feedback_already_sent');
    const row = await insertFeedback(tx, {
      businessId: business.id,
      bookingId: visit.bookingId,
      // Through a link, the visit's Reported By contact (whom the Completed message went to).
      contactId: who.contactId ?? visit.reportedByContactId,
      rating: body.rating,
      recommend: body.recommend ?? null,
      comment: body.comment ? body.comment : null,
      answers,
      via: who.via,
    });
    if (!row) throw new AppError('feedback_already_sent');
    const facts = { feedbackId: row.id, bookingId: visit.bookingId, resourceId: visit.resourceId, serviceTypeId: visit.serviceTypeId, rating: body.rating };
    const base = { businessId: business.id, actorUserId: who.actorUserId };
    await deps.events.publish(tx, { ...base, name: 'feedback.submitted', payload: { ...facts, recommend: body.recommend ?? null } });
    if (body.rating <= settings.lowScoreThreshold) {
      await deps.events.publish(tx, { ...base, name: 'feedback.low_score', payload: { ...facts, threshold: settings.lowScoreThreshold } });
    }
    return surveyOf(business, { ...visit, feedbackId: row.id, rating: body.rating, recommend: body.recommend ?? null, comment: body.comment || null, answers, submittedAt: row.createdAt }, settings);
  });
}

/**
 * Answers checked against the business's questions: every required one answered, a choice one of
 * its options, a rating 1–5, a text a text; keys of no question refused. Empty texts count as
 * unanswered. One issue per key, at `['json', 'answers', key]`.
 */
export function checkAnswers(questions: readonly SurveyQuestion[], answers: Record<string, string | number>): Record<string, string | number> {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const kept: Record<string, string | number> = {};
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(answers)) {
    if (!byKey.has(key)) issues.push({ path: ['json', 'answers', key], message: 'there is no such question' });
  }
  for (const q of questions) {
    const value = Object.hasOwn(answers, q.key) ? answers[q.key] : undefined;
    const path = ['json', 'answers', q.key];
    if (value === undefined || value === '') {
      if (q.required) issues.push({ path, message: 'this question needs an answer' });
      continue;
    }
    if (q.kind === 'rating' && typeof value !== 'number') issues.push({ path, message: 'a rating from 1 to 5' });
    else if (q.kind === 'text' && typeof value !== 'string') issues.push({ path, message: 'a text answer' });
    else if (q.kind === 'choice' && (typeof value !== 'string' || !q.options?.includes(value))) issues.push({ path, message: `one of: ${q.options?.join(', ')}` });
    else kept[q.key] = value;
  }
  if (issues.length) throw new AppError('validation_failed', 'Some answers do not fit the questions.', { issues });
  return kept;
}

// ───── staff ─────

const staffOf = (r: StaffFeedbackRow, threshold: number): StaffFeedback => ({
  id: r.id,
  bookingId: r.bookingId,
  rating: r.rating,
  recommend: r.recommend,
  comment: r.comment,
  answers: r.answers,
  submittedAt: r.submittedAt.toISOString(),
  workOrderNumber: r.workOrderNumber,
  account: { id: r.accountId, name: r.accountName },
  contact: r.contactId ? { id: r.contactId, name: r.contactName ?? '' } : null,
  technician: { id: r.technicianId, name: r.technicianName },
  serviceType: { id: r.serviceTypeId, name: r.serviceTypeName },
  arrivalAt: r.arrivalAt.toISOString(),
  lowScore: r.rating <= threshold,
});

/** Exports and summaries read at most this many answers (the newest visits). */
export const FEEDBACK_EXPORT_MAX = 50_000;

const filterOf = (q: Omit<FeedbackQuery, 'limit'>, limit: number) => ({
  technicianId: q.technicianId,
  serviceTypeId: q.serviceTypeId,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
  minRating: q.minRating,
  maxRating: q.maxRating,
  limit,
});

export async function staffFeedback(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, q: FeedbackQuery): Promise<StaffFeedback[]> {
  const [rows, settings] = await Promise.all([listFeedback(deps.sql, business.id, filterOf(q, q.limit)), getSurveySettings(deps.sql, business.id)]);
  return rows.map((r) => staffOf(r, settings.lowScoreThreshold));
}

/** Averages (CSAT, NPS) overall, per technician and per service type, over the same filters as the list. */
export async function feedbackSummary(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, q: Omit<FeedbackQuery, 'limit'>): Promise<FeedbackSummary> {
  const rows = await listFeedback(deps.sql, business.id, filterOf(q, FEEDBACK_EXPORT_MAX));
  const group = <K extends string>(key: (r: StaffFeedbackRow) => K, name: (r: StaffFeedbackRow) => string) => {
    const groups = new Map<K, { name: string; rows: StaffFeedbackRow[] }>();
    for (const r of rows) {
      const g = groups.get(key(r)) ?? { name: name(r), rows: [] };
      g.rows.push(r);
      groups.set(key(r), g);
    }
    return [...groups.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name)).map(([id, g]) => ({ id, name: g.name, scores: feedbackScores(g.rows) }));
  };
  return {
    overall: feedbackScores(rows),
    byTechnician: group((r) => r.technicianId, (r) => r.technicianName).map((g) => ({ ...g.scores, technician: { id: g.id, name: g.name } })),
    byServiceType: group((r) => r.serviceTypeId, (r) => r.serviceTypeName).map((g) => ({ ...g.scores, serviceType: { id: g.id, name: g.name } })),
  };
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. A cell a spreadsheet
 * would run as a formula (starting with = + - @, a tab or a carriage return) gets a leading `'`.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function exportFeedback(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, q: Omit<FeedbackQuery, 'limit'>): Promise<string> {
  const [rows, settings] = await Promise.all([listFeedback(deps.sql, business.id, filterOf(q, FEEDBACK_EXPORT_MAX)), getSurveySettings(deps.sql, business.id)]);
  const keys = [...new Set([...settings.questions.map((x) => x.key), ...rows.flatMap((r) => Object.keys(r.answers))])];
  const header = ['submitted_at', 'arrival_at', 'work_order', 'account', 'contact', 'technician', 'service_type', 'rating', 'recommend', 'low_score', 'comment', ...keys.map((k) => `answer_${k}`)];
  const lines = rows.map((r) =>
    [
      r.submittedAt.toISOString(),
      r.arrivalAt.toISOString(),
      r.workOrderNumber,
      r.accountName,
      r.contactName,
      r.technicianName,
      r.serviceTypeName,
      r.rating,
      r.recommend,
      r.rating <= settings.lowScoreThreshold ? 'yes' : 'no',
      r.comment,
      ...keys.map((k) => r.answers[k] ?? null),
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].map((l) => `${l}\r\n`).join('');
}
