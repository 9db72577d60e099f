import type { BrandingSettings } from '@arrivo/core';
import type { Sql, Tx } from '../client';

export interface NotificationTemplateRow {
  message: string;
  language: string;
  subject: string | null;
  body: string | null;
  updatedAt: Date;
}

/** The business's overrides, in a stable order; only those of `language` when given. */
export async function listNotificationTemplates(sql: Sql | Tx, businessId: string, language?: string): Promise<NotificationTemplateRow[]> {
  return sql<NotificationTemplateRow[]>`
    SELECT message, language, subject, body, updated_at FROM notification_template
    WHERE business_id = ${businessId} ${language ? sql`AND language = ${language}` : sql``}
    ORDER BY message, language`;
}

export async function upsertNotificationTemplate(
  sql: Sql | Tx,
  t: { businessId: string; message: string; language: string; subject: string | null; body: string | null; userId: string | null },
): Promise<NotificationTemplateRow> {
  const [row] = await sql<NotificationTemplateRow[]>`
    INSERT INTO notification_template (business_id, message, language, subject, body, updated_by_user_id)
    VALUES (${t.businessId}, ${t.message}, ${t.language}, ${t.subject}, ${t.body}, ${t.userId})
    ON CONFLICT (business_id, message, language)
      DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_by_user_id = EXCLUDED.updated_by_user_id
    RETURNING message, language, subject, body, updated_at`;
  return row!;
}

/** Whether there was an override to delete. */
export async function deleteNotificationTemplate(sql: Sql | Tx, businessId: string, message: string, language: string): Promise<boolean> {
  const rows = await sql`DELETE FROM notification_template WHERE business_id = ${businessId} AND message = ${message} AND language = ${language} RETURNING 1`;
  return rows.length > 0;
}

export async function getBrandingSettings(sql: Sql | Tx, businessId: string): Promise<BrandingSettings> {
  const [row] = await sql<BrandingSettings[]>`SELECT brand_color, brand_text_color FROM business_settings WHERE business_id = ${businessId}`;
  return row ?? { brandColor: null, brandTextColor: null };
}

export async function updateBrandingSettings(sql: Sql | Tx, businessId: string, s: BrandingSettings): Promise<void> {
  await sql`UPDATE business_settings SET brand_color = ${s.brandColor}, brand_text_color = ${s.brandTextColor} WHERE business_id = ${businessId}`;
}

/** The visit's travel minutes (the technician's drive to it as booked); undefined: no such visit. */
export async function findTravelMinutes(sql: Sql | Tx, businessId: string, bookingId: string): Promise<number | undefined> {
  const [row] = await sql<{ travelMinutes: number }[]>`SELECT travel_minutes FROM booking WHERE business_id = ${businessId} AND id = ${bookingId}`;
  return row?.travelMinutes;
}
