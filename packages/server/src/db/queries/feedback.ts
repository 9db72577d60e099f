// The feedback survey: settings, survey links (hashes only), one feedback per visit, and what
// staff read back.
import type { SurveySettings } from '@arrivo/core';
import type { Sql, Tx } from '../client';

export type SurveySettingsRow = SurveySettings & { surveyEnabled: boolean };

export async function getSurveySettings(sql: Sql | Tx, businessId: string): Promise<SurveySettingsRow> {
  const [row] = await sql<SurveySettingsRow[]>`
    SELECT survey_enabled, survey_low_score_threshold AS low_score_threshold, survey_alert_email AS alert_email,
           survey_offer_follow_up AS offer_follow_up, survey_link_ttl_days AS link_ttl_days, survey_questions AS questions,
           show_technician_rating, technician_rating_minimum, technician_rating_min_count
    FROM business_settings WHERE business_id = ${businessId}`;
  return row!;
}

export async function updateSurveySettings(sql: Sql | Tx, businessId: string, patch: Partial<SurveySettings>): Promise<void> {
  const columns = {
    ...(patch.lowScoreThreshold === undefined ? {} : { surveyLowScoreThreshold: patch.lowScoreThreshold }),
    ...(patch.alertEmail === undefined ? {} : { surveyAlertEmail: patch.alertEmail }),
    ...(patch.offerFollowUp === undefined ? {} : { surveyOfferFollowUp: patch.offerFollowUp }),
    ...(patch.linkTtlDays === undefined ? {} : { surveyLinkTtlDays: patch.linkTtlDays }),
    ...(patch.questions === undefined ? {} : { surveyQuestions: sql.json(patch.questions as never) }),
    ...(patch.showTechnicianRating === undefined ? {} : { showTechnicianRating: patch.showTechnicianRating }),
    ...(patch.technicianRatingMinimum === undefined ? {} : { technicianRatingMinimum: patch.technicianRatingMinimum }),
    ...(patch.technicianRatingMinCount === undefined ? {} : { technicianRatingMinCount: patch.technicianRatingMinCount }),
  };
  const keys = Object.keys(columns) as (keyof typeof columns)[];
  if (keys.length) await sql`UPDATE business_settings SET ${sql(columns, ...keys)} WHERE business_id = ${businessId}`;
}

/** A visit as its survey shows it, with the feedback already sent (if any) and what the survey needs from the settings. */
export interface SurveyVisitRow {
  bookingId: string;
  status: string;
  arrivalAt: Date;
  workOrderNumber: string;
  accountId: string;
  reportedByContactId: string | null;
  resourceId: string;
  technicianName: string;
  showTechnicianName: boolean;
  serviceTypeId: string;
  serviceTypeName: string;
  serviceTypeBookable: boolean;
  assetId: string | null;
  assetName: string | null;
  feedbackId: string | null;
  rating: number | null;
  recommend: number | null;
  comment: string | null;
  answers: Record<string, string | number> | null;
  submittedAt: Date | null;
}

// Answers come back as text: the client's JSON transform would camelCase their keys (question keys are snake_case).
const parseAnswers = <T extends { answers: string | null }>({ answers, ...row }: T) => ({ ...row, answers: answers === null ? null : (JSON.parse(answers) as Record<string, string | number>) });

/** The visit of this business (and of this account, when given); undefined for anyone else's. */
export async function findSurveyVisit(sql: Sql | Tx, businessId: string, bookingId: string, accountId: string | null): Promise<SurveyVisitRow | undefined> {
  const [row] = await sql<(Omit<SurveyVisitRow, 'answers'> & { answers: string | null })[]>`
    SELECT b.id AS booking_id, b.status, b.arrival_at, w.number::text AS work_order_number, w.account_id, w.reported_by_contact_id,
           r.id AS resource_id, r.name AS technician_name, s.show_technician_name,
           st.id AS service_type_id, st.name AS service_type_name, (st.active AND st.self_scheduling_enabled) AS service_type_bookable,
           a.id AS asset_id, a.name AS asset_name,
           f.id AS feedback_id, f.rating, f.recommend, f.comment, f.answers::text AS answers, f.created_at AS submitted_at
    FROM booking b
    JOIN work_order w ON w.business_id = b.business_id AND w.id = b.work_order_id
    JOIN service_type st ON st.business_id = w.business_id AND st.id = w.service_type_id
    JOIN resource r ON r.business_id = b.business_id AND r.id = b.resource_id
    JOIN business_settings s ON s.business_id = b.business_id
    LEFT JOIN asset a ON a.business_id = w.business_id AND a.id = w.asset_id
    LEFT JOIN feedback f ON f.business_id = b.business_id AND f.booking_id = b.id
    WHERE b.business_id = ${businessId} AND b.id = ${bookingId}
      ${accountId ? sql`AND w.account_id = ${accountId}` : sql``}`;
  return row && parseAnswers(row);
}

export interface NewFeedback {
  businessId: string;
  bookingId: string;
  contactId: string | null;
  rating: number;
  recommend: number | null;
  comment: string | null;
  answers: Record<string, string | number>;
  via: 'portal' | 'link';
}

/**
 * Store the visit's feedback; undefined when it already has one. The unique constraint decides:
 * of two concurrent submissions, the second waits for the first and then inserts nothing.
 */
export async function insertFeedback(tx: Tx, f: NewFeedback): Promise<{ id: string; createdAt: Date } | undefined> {
  const [row] = await tx<{ id: string; createdAt: Date }[]>`
    INSERT INTO feedback (business_id, booking_id, contact_id, rating, recommend, comment, answers, via)
    VALUES (${f.businessId}, ${f.bookingId}, ${f.contactId}, ${f.rating}, ${f.recommend}, ${f.comment}, ${tx.json(f.answers)}, ${f.via})
    ON CONFLICT (business_id, booking_id) DO NOTHING
    RETURNING id, created_at`;
  return row;
}

export async function insertSurveyToken(tx: Tx, t: { tokenHash: string; businessId: string; bookingId: string; ttlDays: number }): Promise<void> {
  await tx`
    INSERT INTO survey_link_token (token_hash, business_id, booking_id, expires_at)
    VALUES (${t.tokenHash}, ${t.businessId}, ${t.bookingId}, now() + make_interval(days => ${t.ttlDays}))`;
}

/** An unexpired survey link of this business; undefined for anything else. */
export async function findValidSurveyToken(sql: Sql | Tx, businessId: string, tokenHash: string): Promise<{ bookingId: string; usedAt: Date | null } | undefined> {
  const [row] = await sql<{ bookingId: string; usedAt: Date | null }[]>`
    SELECT booking_id, used_at FROM survey_link_token
    WHERE token_hash = ${tokenHash} AND business_id = ${businessId} AND expires_at > now()`;
  return row;
}

/** Use the link for its one submission; false when it was used (or expired) meanwhile. */
export async function claimSurveyToken(tx: Tx, businessId: string, tokenHash: string): Promise<boolean> {
  const rows = await tx`
    UPDATE survey_link_token SET used_at = now()
    WHERE token_hash = ${tokenHash} AND business_id = ${businessId} AND used_at IS NULL AND expires_at > now()
    RETURNING 1`;
  return rows.length === 1;
}

export interface FeedbackFilter {
  feedbackId?: string;
  technicianId?: string;
  serviceTypeId?: string;
  from?: Date;
  to?: Date;
  minRating?: number;
  maxRating?: number;
  limit: number;
}

export interface StaffFeedbackRow {
  id: string;
  bookingId: string;
  rating: number;
  recommend: number | null;
  comment: string | null;
  answers: Record<string, string | number>;
  submittedAt: Date;
  workOrderNumber: string;
  accountId: string;
  accountName: string;
  contactId: string | null;
  contactName: string | null;
  technicianId: string;
  technicianName: string;
  serviceTypeId: string;
  serviceTypeName: string;
  arrivalAt: Date;
}

/** The business's feedback, newest visit first, filtered. */
export async function listFeedback(sql: Sql | Tx, businessId: string, f: FeedbackFilter): Promise<StaffFeedbackRow[]> {
  const rows = await sql<(Omit<StaffFeedbackRow, 'answers'> & { answers: string })[]>`
    SELECT f.id, f.booking_id, f.rating, f.recommend, f.comment, f.answers::text AS answers, f.created_at AS submitted_at,
           w.number::text AS work_order_number, ac.id AS account_id, ac.name AS account_name,
           c.id AS contact_id, CASE WHEN c.id IS NULL THEN NULL ELSE btrim(c.first_name || ' ' || c.last_name) END AS contact_name,
           r.id AS technician_id, r.name AS technician_name, st.id AS service_type_id, st.name AS service_type_name, b.arrival_at
    FROM feedback f
    JOIN booking b ON b.business_id = f.business_id AND b.id = f.booking_id
    JOIN work_order w ON w.business_id = b.business_id AND w.id = b.work_order_id
    JOIN account ac ON ac.business_id = w.business_id AND ac.id = w.account_id
    JOIN service_type st ON st.business_id = w.business_id AND st.id = w.service_type_id
    JOIN resource r ON r.business_id = b.business_id AND r.id = b.resource_id
    LEFT JOIN contact c ON c.business_id = f.business_id AND c.id = f.contact_id
    WHERE f.business_id = ${businessId}
      ${f.feedbackId ? sql`AND f.id = ${f.feedbackId}` : sql``}
      ${f.technicianId ? sql`AND b.resource_id = ${f.technicianId}` : sql``}
      ${f.serviceTypeId ? sql`AND w.service_type_id = ${f.serviceTypeId}` : sql``}
      ${f.from ? sql`AND b.arrival_at >= ${f.from}` : sql``}
      ${f.to ? sql`AND b.arrival_at < ${f.to}` : sql``}
      ${f.minRating ? sql`AND f.rating >= ${f.minRating}` : sql``}
      ${f.maxRating ? sql`AND f.rating <= ${f.maxRating}` : sql``}
    ORDER BY b.arrival_at DESC, f.id
    LIMIT ${f.limit}`;
  return rows.map((r) => ({ ...r, answers: JSON.parse(r.answers) as Record<string, string | number> }));
}
