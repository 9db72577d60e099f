// Admin console, settings: the messages customers get (switches, wording per message and
// language with previews, the emails' colours), the survey, and the plugins this business uses.
// Only the console's lazily loaded settings screens import this module.
import type {
  brandingSchema,
  brandingSettingsPatchSchema,
  businessPluginPatchSchema,
  businessPluginSchema,
  notificationDraftPreviewSchema,
  notificationPreviewSchema,
  notificationSettingsPatchSchema,
  notificationSettingsSchema,
  notificationTemplateInputSchema,
  notificationTemplateSchema,
  NotificationLanguage,
  NotificationTemplateMessage,
  schedulingSettingsPatchSchema,
  schedulingSettingsSchema,
  surveySettingsPatchSchema,
  surveySettingsSchema,
} from '@arrivo/core';
import type { Connection } from './http';
import type { In, Out } from './types';

export type NotificationSettings = Out<typeof notificationSettingsSchema>;
export type NotificationTemplate = Out<typeof notificationTemplateSchema>;
export type NotificationPreview = Out<typeof notificationPreviewSchema>;
export type Branding = Out<typeof brandingSchema>;
export type SurveySettings = Out<typeof surveySettingsSchema>;
export type SurveyQuestion = SurveySettings['questions'][number];
export type BusinessPlugin = Out<typeof businessPluginSchema>;
export type SchedulingSettings = Out<typeof schedulingSettingsSchema>;

const id = encodeURIComponent;

export const notificationSettings = (c: Connection, signal?: AbortSignal) => c.call<NotificationSettings>('admin/notification-settings', { signal });
export const updateNotificationSettings = (c: Connection, json: In<typeof notificationSettingsPatchSchema>) =>
  c.call<NotificationSettings>('admin/notification-settings', { method: 'patch', json });

/** The business's own wordings (built-in ones are not listed). */
export const notificationTemplates = (c: Connection, signal?: AbortSignal) => c.call<NotificationTemplate[]>('admin/notification-templates', { signal });
export const saveNotificationTemplate = (c: Connection, message: NotificationTemplateMessage, language: NotificationLanguage, json: In<typeof notificationTemplateInputSchema>) =>
  c.call<NotificationTemplate>(`admin/notification-templates/${id(message)}/${id(language)}`, { method: 'put', json });
/** Back to the built-in wording (404 when there was none of the business's). */
export const resetNotificationTemplate = (c: Connection, message: NotificationTemplateMessage, language: NotificationLanguage) =>
  c.call<void>(`admin/notification-templates/${id(message)}/${id(language)}`, { method: 'delete' });

/** A message as saved (the business's wording or the built-in one), for a sample visit. */
export const previewSaved = (c: Connection, message: NotificationTemplateMessage, language: NotificationLanguage, signal?: AbortSignal) =>
  c.call<NotificationPreview>('admin/notifications/preview', { searchParams: { message, language }, signal });
/** A message with a draft wording, not saved. */
export const previewDraft = (c: Connection, json: In<typeof notificationDraftPreviewSchema>) =>
  c.call<NotificationPreview>('admin/notifications/preview', { method: 'post', json });

export const branding = (c: Connection, signal?: AbortSignal) => c.call<Branding>('admin/settings/branding', { signal });
export const updateBranding = (c: Connection, json: In<typeof brandingSettingsPatchSchema>) => c.call<Branding>('admin/settings/branding', { method: 'patch', json });

export const surveySettings = (c: Connection, signal?: AbortSignal) => c.call<SurveySettings>('admin/survey-settings', { signal });
export const updateSurveySettings = (c: Connection, json: In<typeof surveySettingsPatchSchema>) => c.call<SurveySettings>('admin/survey-settings', { method: 'patch', json });

export const plugins = (c: Connection, signal?: AbortSignal) => c.call<BusinessPlugin[]>('admin/plugins', { signal });
/** Enable or disable, and/or replace the settings (checked by the plugin: issues under `json.settings`). */
export const updatePlugin = (c: Connection, pluginId: string, json: In<typeof businessPluginPatchSchema>) =>
  c.call<BusinessPlugin>(`admin/plugins/${id(pluginId)}`, { method: 'patch', json });

// The two scheduling settings these screens change (the reminder's lead, surveys on or off), called
// here rather than through `admin-setup.ts`: a module the setup and settings chunks shared would be
// a chunk under the build's 1 KB minimum, merged into one the customer elements load.
export const schedulingSettings = (c: Connection, signal?: AbortSignal) => c.call<SchedulingSettings>('admin/settings/scheduling', { signal });
export const updateSchedulingSettings = (c: Connection, json: In<typeof schedulingSettingsPatchSchema>) =>
  c.call<SchedulingSettings>('admin/settings/scheduling', { method: 'patch', json });
