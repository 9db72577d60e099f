// The feedback survey: a customer rates a completed visit once (signed in, or through the link in
// the Completed message), and the business reads, averages and exports the answers. The server's
// routes and services and `<arrivo-feedback-survey>` use these schemas; nothing restates them.
import { z } from 'zod';
import { text } from './schemas';

const instant = z.iso.datetime({ offset: true });

/** The header that carries a survey link's token (never the URL's path or query: logs keep those). */
export const SURVEY_TOKEN_HEADER = 'x-arrivo-survey-token';
/** The survey link is `<portal URL>#arrivo-survey=<token>`. */
export const SURVEY_LINK_FRAGMENT = 'arrivo-survey';

export const SURVEY_QUESTION_KINDS = ['text', 'choice', 'rating'] as const;
export type SurveyQuestionKind = (typeof SURVEY_QUESTION_KINDS)[number];

/** One of the business's extra questions. `rating` answers are 1–5; `choice` answers one of `options`. */
export const surveyQuestionSchema = z
  .object({
    key: text.regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and underscores, starting with a letter'),
    label: text.trim().min(1).max(200),
    kind: z.enum(SURVEY_QUESTION_KINDS),
    required: z.boolean().default(false),
    /** For `choice` only: 2–10 distinct options. */
    options: z.array(text.trim().min(1).max(100)).max(10).optional(),
  })
  .refine((q) => q.kind !== 'choice' || (q.options !== undefined && q.options.length >= 2 && new Set(q.options).size === q.options.length), {
    path: ['options'],
    message: 'a choice question needs 2 to 10 distinct options',
  })
  .refine((q) => q.kind === 'choice' || q.options === undefined, { path: ['options'], message: 'only choice questions have options' })
  .meta({ id: 'SurveyQuestion' });
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

/**
 * The survey settings. Whether surveys are offered at all is `surveyEnabled` in the
 * self-scheduling settings (as in the seeds); these shape the survey and the loop after it.
 */
export const surveySettingsSchema = z
  .object({
    /** A rating at or below this (1–5) is a low score: staff are alerted, a follow-up is offered. */
    lowScoreThreshold: z.number().int().min(1).max(4),
    /** Where low-score alerts go; null sends them to each of the business's admins (users with the admin role). */
    alertEmail: z.email().max(320).nullable(),
    /** After a low score, offer the customer a follow-up visit for the same asset. */
    offerFollowUp: z.boolean(),
    /** Days a survey link from the Completed message stays valid. */
    linkTtlDays: z.number().int().min(1).max(90),
    /** The business's extra questions, asked after the rating, in this order. */
    questions: z
      .array(surveyQuestionSchema)
      .max(10)
      .refine((qs) => new Set(qs.map((q) => q.key)).size === qs.length, 'question keys must be unique'),
    /** Show a technician's average rating on the technician card … */
    showTechnicianRating: z.boolean(),
    /** … only when it is at least this … */
    technicianRatingMinimum: z.number().min(1).max(5),
    /** … over at least this many ratings. */
    technicianRatingMinCount: z.number().int().min(1).max(1000),
  })
  .meta({ id: 'SurveySettings' });
export type SurveySettings = z.infer<typeof surveySettingsSchema>;
export const surveySettingsPatchSchema = surveySettingsSchema.partial().strict().meta({ id: 'SurveySettingsPatch' });
export type SurveySettingsPatch = z.infer<typeof surveySettingsPatchSchema>;

export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  lowScoreThreshold: 2,
  alertEmail: null,
  offerFollowUp: true,
  linkTtlDays: 14,
  questions: [],
  showTechnicianRating: false,
  technicianRatingMinimum: 4.5,
  technicianRatingMinCount: 5,
};

/** An answer to an extra question: text (≤ 1000 characters), a choice's option, or a 1–5 rating. */
export const surveyAnswerSchema = z.union([text.trim().max(1000), z.number().int().min(1).max(5)]);

/** What the customer sends, once. Answers are checked against the business's questions by the server. */
export const feedbackBodySchema = z
  .object({
    rating: z.number().int().min(1).max(5),
    /** "How likely are you to recommend us?" 0–10, optional. */
    recommend: z.number().int().min(0).max(10).nullable().optional(),
    comment: text.trim().max(2000).optional(),
    answers: z.record(z.string().max(40), surveyAnswerSchema).optional(),
  })
  .strict()
  .meta({ id: 'FeedbackBody' });
export type FeedbackBody = z.infer<typeof feedbackBodySchema>;

/** Feedback as sent, read back by its customer. */
export const feedbackSchema = z
  .object({
    bookingId: z.uuid(),
    rating: z.number().int(),
    recommend: z.number().int().nullable(),
    comment: z.string().nullable(),
    answers: z.record(z.string(), z.union([z.string(), z.number()])),
    submittedAt: instant,
  })
  .meta({ id: 'Feedback' });
export type Feedback = z.infer<typeof feedbackSchema>;

/** A follow-up visit offered after a low score: the booking form opens prefilled with these. */
export const followUpOfferSchema = z
  .object({ serviceTypeId: z.uuid(), assetId: z.uuid().nullable() })
  .meta({ id: 'FollowUpOffer' });
export type FollowUpOffer = z.infer<typeof followUpOfferSchema>;

/** Everything the survey element shows: the visit, the questions, and what was sent if anything. */
export const surveySchema = z
  .object({
    business: z.object({ name: z.string() }),
    visit: z.object({
      bookingId: z.uuid(),
      workOrderNumber: z.string(),
      serviceTypeName: z.string(),
      assetName: z.string().nullable(),
      arrivalAt: instant,
      timeZone: z.string(),
      /** As the business chose to show it on the technician card; null otherwise. */
      technicianName: z.string().nullable(),
    }),
    questions: z.array(surveyQuestionSchema),
    /** What was sent, or null while the survey is open. */
    submitted: feedbackSchema.nullable(),
    /** Set after a low score when the business offers follow-ups. */
    followUp: followUpOfferSchema.nullable(),
  })
  .meta({ id: 'Survey' });
export type Survey = z.infer<typeof surveySchema>;

/** One feedback as staff see it. */
export const staffFeedbackSchema = feedbackSchema
  .extend({
    id: z.uuid(),
    workOrderNumber: z.string(),
    account: z.object({ id: z.uuid(), name: z.string() }),
    contact: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    technician: z.object({ id: z.uuid(), name: z.string() }),
    serviceType: z.object({ id: z.uuid(), name: z.string() }),
    arrivalAt: instant,
    lowScore: z.boolean(),
  })
  .meta({ id: 'StaffFeedback' });
export type StaffFeedback = z.infer<typeof staffFeedbackSchema>;

export const feedbackQuerySchema = z
  .object({
    technicianId: z.uuid().optional(),
    serviceTypeId: z.uuid().optional(),
    /** Visits arriving at or after this instant … */
    from: instant.optional(),
    /** … and before this one. */
    to: instant.optional(),
    minRating: z.coerce.number().int().min(1).max(5).optional(),
    maxRating: z.coerce.number().int().min(1).max(5).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .meta({ id: 'FeedbackQuery' });
export type FeedbackQuery = z.infer<typeof feedbackQuerySchema>;

/**
 * Averages over a set of feedback. CSAT: the share (0–100) of ratings of 4 or 5. NPS: promoters
 * (9–10) minus detractors (0–6), in points (−100…100), over answers that gave a recommendation;
 * null when none did. `averageRating` has one decimal.
 */
export const feedbackScoresSchema = z
  .object({
    count: z.number().int(),
    averageRating: z.number().nullable(),
    csat: z.number().nullable(),
    recommendCount: z.number().int(),
    nps: z.number().nullable(),
  })
  .meta({ id: 'FeedbackScores' });
export type FeedbackScores = z.infer<typeof feedbackScoresSchema>;

export const feedbackSummarySchema = z
  .object({
    overall: feedbackScoresSchema,
    byTechnician: z.array(feedbackScoresSchema.extend({ technician: z.object({ id: z.uuid(), name: z.string() }) })),
    byServiceType: z.array(feedbackScoresSchema.extend({ serviceType: z.object({ id: z.uuid(), name: z.string() }) })),
  })
  .meta({ id: 'FeedbackSummary' });
export type FeedbackSummary = z.infer<typeof feedbackSummarySchema>;

/** Pure scoring, shared by the server's summary and its tests. */
export function feedbackScores(rows: readonly { rating: number; recommend: number | null }[]): FeedbackScores {
  const count = rows.length;
  const recommends = rows.map((r) => r.recommend).filter((r): r is number => r !== null);
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    count,
    averageRating: count ? round1(rows.reduce((s, r) => s + r.rating, 0) / count) : null,
    csat: count ? round1((100 * rows.filter((r) => r.rating >= 4).length) / count) : null,
    recommendCount: recommends.length,
    nps: recommends.length
      ? round1((100 * (recommends.filter((r) => r >= 9).length - recommends.filter((r) => r <= 6).length)) / recommends.length)
      : null,
  };
}
