// Feedback area: the survey of a completed visit, for the signed-in customer or through the link in
// the Completed message, and sending it (once).
import type { feedbackBodySchema, surveySchema } from '@arrivo/core';
import type { Connection } from './http';
import type { In, Out } from './types';

/** Core's `SURVEY_TOKEN_HEADER`, restated: importing it from core would bundle zod (its module builds schemas). */
export const SURVEY_TOKEN_HEADER = 'x-arrivo-survey-token';

type Survey = Out<typeof surveySchema>;
type Body = In<typeof feedbackBodySchema>;
const own = (bookingId: string) => `me/bookings/${encodeURIComponent(bookingId)}/feedback`;
// The link's token goes in a header, never in the URL (logs keep those).
const link = (token: string) => ({ [SURVEY_TOKEN_HEADER]: token });

/** The signed-in customer's visit: its questions, and what was sent if anything (404 for anyone else's). */
export const bookingSurvey = (c: Connection, bookingId: string, signal?: AbortSignal) => c.call<Survey>(own(bookingId), { signal });

/** Send the signed-in customer's feedback (409 `feedback_already_sent` the second time). */
export const sendBookingFeedback = (c: Connection, bookingId: string, json: Body) => c.call<Survey>(own(bookingId), { method: 'post', json });

/** Through a survey link, without signing in. */
export const linkSurvey = (c: Connection, token: string, signal?: AbortSignal) => c.call<Survey>('survey', { signal, headers: link(token) });

export const sendLinkFeedback = (c: Connection, token: string, json: Body) => c.call<Survey>('survey', { method: 'post', json, headers: link(token) });
