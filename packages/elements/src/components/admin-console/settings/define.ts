// The settings screens, loaded by the console with import() the first time they are opened: the
// console's entry does not carry them.
import { ArrivoAdminSettings } from './admin-settings';
import { ArrivoAdminInvitationSettings } from './admin-invitation-settings';
import { ArrivoAdminNotificationSettings } from './admin-notification-settings';
import { ArrivoAdminMessageTemplates } from './admin-message-templates';
import { ArrivoAdminSurveySettings } from './admin-survey-settings';
import { ArrivoAdminPlugins } from './admin-plugins';

export { ArrivoAdminSettings, ArrivoAdminInvitationSettings, ArrivoAdminNotificationSettings, ArrivoAdminMessageTemplates, ArrivoAdminSurveySettings, ArrivoAdminPlugins };
ArrivoAdminInvitationSettings.define('arrivo-admin-invitation-settings');
ArrivoAdminNotificationSettings.define('arrivo-admin-notification-settings');
ArrivoAdminMessageTemplates.define('arrivo-admin-message-templates');
ArrivoAdminSurveySettings.define('arrivo-admin-survey-settings');
ArrivoAdminPlugins.define('arrivo-admin-plugins');
ArrivoAdminSettings.define('arrivo-admin-settings');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-admin-settings': ArrivoAdminSettings;
    'arrivo-admin-invitation-settings': ArrivoAdminInvitationSettings;
    'arrivo-admin-notification-settings': ArrivoAdminNotificationSettings;
    'arrivo-admin-message-templates': ArrivoAdminMessageTemplates;
    'arrivo-admin-survey-settings': ArrivoAdminSurveySettings;
    'arrivo-admin-plugins': ArrivoAdminPlugins;
  }
}
