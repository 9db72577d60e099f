// The notification message kinds, languages and the placeholders each message's wording may use:
// plain values without zod, so the admin console can list them without loading the schemas.

/** The booking messages a visit sends its Reported By contact. */
export const NOTIFICATION_MESSAGES = ['confirmation', 'reminder', 'rescheduled', 'canceled', 'on_the_way', 'arriving', 'completed'] as const;
export type NotificationMessage = (typeof NOTIFICATION_MESSAGES)[number];

/** Everything the delivery log holds: the booking messages, the account emails and staff alerts (a low survey score). */
export const NOTIFICATION_LOG_MESSAGES = [...NOTIFICATION_MESSAGES, 'invitation', 'password_reset', 'low_score_alert'] as const;
export type NotificationLogMessage = (typeof NOTIFICATION_LOG_MESSAGES)[number];

/** Every message a business may reword and preview: the booking messages and the account emails (not staff's own alerts). */
export const NOTIFICATION_TEMPLATE_MESSAGES = [...NOTIFICATION_MESSAGES, 'invitation', 'password_reset'] as const;
export type NotificationTemplateMessage = (typeof NOTIFICATION_TEMPLATE_MESSAGES)[number];

/** queued → sent; or failed (will be retried) → … → sent or dead (no more attempts). */
export const NOTIFICATION_STATES = ['queued', 'sent', 'failed', 'dead'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** The languages messages are written in; a contact's other languages get English. */
export const NOTIFICATION_LANGUAGES = ['en', 'es', 'ar'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

// ───── wording overrides ─────

const VISIT_PLACEHOLDERS = ['customerName', 'businessName', 'businessPhone', 'serviceType', 'workOrder', 'arrival', 'address', 'technician'] as const;

/**
 * The placeholders each message's overrides may use, written `{name}` (`{{` and `}}` for a literal
 * brace). Links (calendar file, tracking, manage, survey) are not among them: the layout adds them,
 * so a reworded message can neither drop nor forge one.
 */
export const NOTIFICATION_PLACEHOLDERS: Record<NotificationTemplateMessage, readonly string[]> = {
  confirmation: VISIT_PLACEHOLDERS,
  reminder: VISIT_PLACEHOLDERS,
  rescheduled: VISIT_PLACEHOLDERS,
  canceled: [...VISIT_PLACEHOLDERS, 'reason'],
  on_the_way: [...VISIT_PLACEHOLDERS, 'eta'],
  arriving: VISIT_PLACEHOLDERS,
  completed: VISIT_PLACEHOLDERS,
  invitation: ['customerName', 'businessName', 'businessPhone', 'expires'],
  password_reset: ['businessName', 'businessPhone'],
};

const PLACEHOLDER = /\{\{|\}\}|\{([^{}]*)\}/g;

/** The placeholders `template` names that `message` does not offer, each once, as written (`{foo}`). */
export function unknownPlaceholders(message: NotificationTemplateMessage, template: string): string[] {
  const offered = NOTIFICATION_PLACEHOLDERS[message];
  const unknown = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m[1] !== undefined && !offered.includes(m[1])) unknown.add(`{${m[1]}}`);
  }
  return [...unknown];
}

/** `template` with its placeholders replaced by `values` (plain text: escaping is the caller's, by context). */
export function fillPlaceholders(template: string, values: Partial<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (all, name: string | undefined) => (all === '{{' ? '{' : all === '}}' ? '}' : (values[name!] ?? '')));
}
