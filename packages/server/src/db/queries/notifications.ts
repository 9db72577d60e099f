import type { Sql, Tx } from '../client';

/** Everything a booking message needs about one visit, its recipient and the business's switches. */
export interface VisitNoticeRow {
  bookingId: string;
  status: string;
  arrivalAt: Date;
  endsAt: Date;
  cancelReason: string | null;
  calendarSequence: number;
  source: 'portal' | 'staff';
  workOrderNumber: string;
  serviceTypeName: string;
  addressLine1: string;
  city: string;
  technicianName: string;
  contactId: string | null;
  contactEmail: string | null;
  contactFirstName: string | null;
  contactLanguage: string | null;
  contactNotifyEmail: boolean | null;
  contactNotifySms: boolean | null;
  contactPhone: string | null;
  arrivalWindowMinutes: number;
  notifyConfirmation: boolean;
  notifyRescheduled: boolean;
  notifyCanceled: boolean;
  notifyOnTheWay: boolean;
  notifyArriving: boolean;
  notifyReminder: boolean;
  notifyCompleted: boolean;
  /** The business excluded the visit's account or service type from notifications. */
  excluded: boolean;
  portalUrl: string | null;
}

export async function findVisitNotice(sql: Sql | Tx, businessId: string, bookingId: string): Promise<VisitNoticeRow | undefined> {
  const [row] = await sql<VisitNoticeRow[]>`
    SELECT b.id AS booking_id, b.status, b.arrival_at, b.ends_at, b.cancel_reason, b.calendar_sequence,
           w.source, w.number::text AS work_order_number, st.name AS service_type_name, w.address_line1, w.city,
           r.name AS technician_name,
           c.id AS contact_id, c.email AS contact_email, c.first_name AS contact_first_name,
           c.preferred_language AS contact_language, c.notify_email AS contact_notify_email,
           c.notify_sms AS contact_notify_sms, c.phone AS contact_phone,
           s.arrival_window_minutes, s.notify_confirmation, s.notify_rescheduled, s.notify_canceled, s.notify_on_the_way, s.notify_arriving, s.notify_reminder, s.notify_completed,
           (w.account_id = ANY (s.notify_excluded_account_ids) OR w.service_type_id = ANY (s.notify_excluded_service_type_ids)) AS excluded,
           s.portal_url
    FROM booking b
    JOIN work_order w ON w.business_id = b.business_id AND w.id = b.work_order_id
    JOIN service_type st ON st.business_id = w.business_id AND st.id = w.service_type_id
    JOIN resource r ON r.business_id = b.business_id AND r.id = b.resource_id
    JOIN business_settings s ON s.business_id = b.business_id
    LEFT JOIN contact c ON c.business_id = w.business_id AND c.id = w.reported_by_contact_id
    WHERE b.business_id = ${businessId} AND b.id = ${bookingId}`;
  return row;
}

/** Raise the visit's calendar SEQUENCE (an update or a cancel sent to the customer) and return it. */
export async function bumpCalendarSequence(tx: Tx, businessId: string, bookingId: string): Promise<number> {
  const [row] = await tx<{ calendarSequence: number }[]>`
    UPDATE booking SET calendar_sequence = calendar_sequence + 1
    WHERE business_id = ${businessId} AND id = ${bookingId} RETURNING calendar_sequence`;
  return row!.calendarSequence;
}

export interface NewNotification {
  businessId: string;
  bookingId: string | null;
  contactId: string | null;
  channel: string;
  event: string;
  message: string;
  language: string;
  recipient: string;
  idempotencyKey: string;
  sealedContent: string;
}

/** Queue a message in the log; undefined when that key was queued before (never two copies). */
export async function insertNotification(tx: Tx, n: NewNotification): Promise<string | undefined> {
  const [row] = await tx<{ id: string }[]>`
    INSERT INTO notification_log (business_id, booking_id, contact_id, channel, event, message, language, recipient, idempotency_key, sealed_content)
    VALUES (${n.businessId}, ${n.bookingId}, ${n.contactId}, ${n.channel}, ${n.event}, ${n.message}, ${n.language}, ${n.recipient}, ${n.idempotencyKey}, ${n.sealedContent})
    ON CONFLICT (business_id, idempotency_key) DO NOTHING RETURNING id`;
  return row?.id;
}

export interface NotificationRow {
  resendable: boolean;
  id: string;
  businessId: string;
  bookingId: string | null;
  contactId: string | null;
  channel: string;
  event: string;
  message: string | null;
  language: string | null;
  recipient: string;
  status: 'queued' | 'sent' | 'failed' | 'dead';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

const columns = (sql: Sql | Tx) =>
  sql`id, business_id, booking_id, contact_id, channel, event, message, language, recipient, status, attempts, last_error, created_at, updated_at, sent_at,
      sealed_content IS NOT NULL AS resendable`;

/** Lock one message for an attempt (a concurrent attempt on it waits). */
export async function lockNotification(tx: Tx, id: string): Promise<(NotificationRow & { sealedContent: string | null }) | undefined> {
  const [row] = await tx<(NotificationRow & { sealedContent: string | null })[]>`
    SELECT ${columns(tx)}, sealed_content FROM notification_log WHERE id = ${id} FOR UPDATE`;
  return row;
}

export async function recordNotificationAttempt(
  sql: Sql | Tx,
  id: string,
  outcome: { status: 'sent' | 'failed' | 'dead'; error: string | null },
): Promise<void> {
  await sql`
    UPDATE notification_log
    SET attempts = attempts + 1, status = ${outcome.status}, last_error = ${outcome.error === null ? null : outcome.error.slice(0, 2000)},
        sent_at = ${outcome.status === 'sent' ? sql`now()` : null}
    WHERE id = ${id}`;
}

/** Back to queued for a resend by staff: attempts start over; the row keeps its history otherwise. */
export async function requeueNotification(tx: Tx, businessId: string, id: string): Promise<NotificationRow | undefined> {
  const [row] = await tx<NotificationRow[]>`
    UPDATE notification_log SET status = 'queued', attempts = 0, sent_at = NULL
    WHERE business_id = ${businessId} AND id = ${id} AND sealed_content IS NOT NULL
    RETURNING ${columns(tx)}`;
  return row;
}

export interface NotificationFilter {
  status?: NotificationRow['status'];
  bookingId?: string;
  recipient?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

/** The business's log, newest first, filtered. */
export async function listNotifications(sql: Sql | Tx, businessId: string, f: NotificationFilter): Promise<NotificationRow[]> {
  return sql<NotificationRow[]>`
    SELECT ${columns(sql)} FROM notification_log
    WHERE business_id = ${businessId}
      ${f.status ? sql`AND status = ${f.status}` : sql``}
      ${f.bookingId ? sql`AND booking_id = ${f.bookingId}` : sql``}
      ${f.recipient ? sql`AND lower(recipient) = lower(${f.recipient})` : sql``}
      ${f.from ? sql`AND created_at >= ${f.from}` : sql``}
      ${f.to ? sql`AND created_at < ${f.to}` : sql``}
    ORDER BY created_at DESC, id LIMIT ${f.limit}`;
}

export interface NotificationSwitchesRow {
  confirmation: boolean;
  rescheduled: boolean;
  canceled: boolean;
  onTheWay: boolean;
  arriving: boolean;
  reminder: boolean;
  completed: boolean;
  excludedAccountIds: string[];
  excludedServiceTypeIds: string[];
}

export async function getNotificationSwitches(sql: Sql | Tx, businessId: string): Promise<NotificationSwitchesRow> {
  const [row] = await sql<NotificationSwitchesRow[]>`
    SELECT notify_confirmation AS confirmation, notify_rescheduled AS rescheduled, notify_canceled AS canceled, notify_on_the_way AS on_the_way, notify_arriving AS arriving, notify_reminder AS reminder, notify_completed AS completed,
           notify_excluded_account_ids::text[] AS excluded_account_ids, notify_excluded_service_type_ids::text[] AS excluded_service_type_ids
    FROM business_settings WHERE business_id = ${businessId}`;
  return row!;
}

export async function updateNotificationSwitches(sql: Sql | Tx, businessId: string, patch: Partial<NotificationSwitchesRow>): Promise<void> {
  const columns = {
    ...(patch.confirmation === undefined ? {} : { notifyConfirmation: patch.confirmation }),
    ...(patch.rescheduled === undefined ? {} : { notifyRescheduled: patch.rescheduled }),
    ...(patch.canceled === undefined ? {} : { notifyCanceled: patch.canceled }),
    ...(patch.onTheWay === undefined ? {} : { notifyOnTheWay: patch.onTheWay }),
    ...(patch.arriving === undefined ? {} : { notifyArriving: patch.arriving }),
    ...(patch.reminder === undefined ? {} : { notifyReminder: patch.reminder }),
    ...(patch.completed === undefined ? {} : { notifyCompleted: patch.completed }),
    ...(patch.excludedAccountIds === undefined ? {} : { notifyExcludedAccountIds: sql.array(patch.excludedAccountIds, 2950) }),
    ...(patch.excludedServiceTypeIds === undefined ? {} : { notifyExcludedServiceTypeIds: sql.array(patch.excludedServiceTypeIds, 2950) }),
  };
  const keys = Object.keys(columns) as (keyof typeof columns)[];
  if (keys.length) await sql`UPDATE business_settings SET ${sql(columns, ...keys)} WHERE business_id = ${businessId}`;
}

/** The ids of `ids` that are not accounts (or service types) of the business. */
export async function unknownIds(sql: Sql | Tx, businessId: string, table: 'account' | 'service_type', ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await sql<{ id: string }[]>`
    SELECT x.id::text FROM unnest(${sql.array(ids, 2950)}::uuid[]) AS x(id)
    WHERE NOT EXISTS (SELECT 1 FROM ${sql(table)} t WHERE t.business_id = ${businessId} AND t.id = x.id)`;
  return rows.map((r) => r.id);
}

/** The contact's preferred language (as stored; null when unknown). */
export async function findContactLanguage(sql: Sql | Tx, businessId: string, contactId: string): Promise<string | null> {
  const [row] = await sql<{ language: string | null }[]>`
    SELECT preferred_language AS language FROM contact WHERE business_id = ${businessId} AND id = ${contactId}`;
  return row?.language ?? null;
}

/** The preferred language of the business's contact signed in as the user with this email (null when none). */
export async function findUserContactLanguage(sql: Sql | Tx, businessId: string, email: string): Promise<string | null> {
  const [row] = await sql<{ language: string | null }[]>`
    SELECT c.preferred_language AS language FROM contact c JOIN auth_user u ON u.id = c.user_id
    WHERE c.business_id = ${businessId} AND u.email = ${email.toLowerCase()}`;
  return row?.language ?? null;
}

/** Minutes before the arrival the business's reminders go out (0: none). */
export async function getReminderLeadMinutes(sql: Sql | Tx, businessId: string): Promise<number | undefined> {
  const [row] = await sql<{ reminderLeadMinutes: number }[]>`SELECT reminder_lead_minutes FROM business_settings WHERE business_id = ${businessId}`;
  return row?.reminderLeadMinutes;
}

/** What a message preview needs from the business's settings. */
export async function getPreviewSettings(sql: Sql | Tx, businessId: string): Promise<{ portalUrl: string | null; arrivalWindowMinutes: number } | undefined> {
  const [row] = await sql<{ portalUrl: string | null; arrivalWindowMinutes: number }[]>`
    SELECT portal_url, arrival_window_minutes FROM business_settings WHERE business_id = ${businessId}`;
  return row;
}
