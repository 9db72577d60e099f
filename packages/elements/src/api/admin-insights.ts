// Admin console, insights: the delivery log of customer messages (and resending one), feedback
// with its averages and CSV export, and counts over a range of days. Only the console's lazily
// loaded insights screen imports this module.
import type { feedbackSummarySchema, insightsSchema, notificationLogEntrySchema, NotificationState, staffFeedbackSchema } from '@arrivo/core';
import type { Connection } from './http';
import type { Out } from './types';

export type LogEntry = Out<typeof notificationLogEntrySchema>;
export type StaffFeedback = Out<typeof staffFeedbackSchema>;
export type FeedbackSummary = Out<typeof feedbackSummarySchema>;
export type Insights = Out<typeof insightsSchema>;

/** Instants: `from` included, `to` excluded. */
export interface Range {
  from?: string;
  to?: string;
}

export const deliveryLog = (c: Connection, query: Range & { state?: NotificationState; limit?: number }, signal?: AbortSignal) =>
  c.call<LogEntry[]>('admin/notifications', { searchParams: { ...query }, signal });
export const resend = (c: Connection, notificationId: string) => c.call<LogEntry>(`admin/notifications/${encodeURIComponent(notificationId)}/resend`, { method: 'post' });

export const feedback = (c: Connection, query: Range, signal?: AbortSignal) => c.call<StaffFeedback[]>('admin/feedback', { searchParams: { ...query }, signal });
export const feedbackSummary = (c: Connection, query: Range, signal?: AbortSignal) => c.call<FeedbackSummary>('admin/feedback/summary', { searchParams: { ...query }, signal });
/** Where the CSV of the same feedback is (it needs the bearer token: fetch it, do not navigate). */
export const feedbackExportUrl = (c: Connection, query: Range) => {
  const url = new URL(c.url('admin/feedback/export'));
  for (const [k, v] of Object.entries(query)) if (v) url.searchParams.set(k, v);
  return url.href;
};

/** Calendar days of the business, both included. */
export const insights = (c: Connection, query: { from?: string; to?: string }, signal?: AbortSignal) => c.call<Insights>('admin/insights', { searchParams: query, signal });
