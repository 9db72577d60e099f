// The scheduling setup screens, loaded by the console with import() the first time they are opened:
// the console's entry (the board and accounts, what staff open first) does not carry them.
import { ArrivoAdminSetup } from './admin-setup';
import { ArrivoAdminSkills } from './admin-skills';
import { ArrivoAdminTerritories } from './admin-territories';
import { ArrivoAdminServiceTypes } from './admin-service-types';
import { ArrivoAdminTechnicians } from './admin-technicians';
import { ArrivoAdminSchedulingSettings } from './admin-scheduling-settings';
import { ArrivoAdminIntakeFields } from './admin-intake-fields';

export { ArrivoAdminSetup, ArrivoAdminSkills, ArrivoAdminTerritories, ArrivoAdminServiceTypes, ArrivoAdminTechnicians, ArrivoAdminSchedulingSettings, ArrivoAdminIntakeFields };
ArrivoAdminSkills.define('arrivo-admin-skills');
ArrivoAdminTerritories.define('arrivo-admin-territories');
ArrivoAdminServiceTypes.define('arrivo-admin-service-types');
ArrivoAdminTechnicians.define('arrivo-admin-technicians');
ArrivoAdminSchedulingSettings.define('arrivo-admin-scheduling-settings');
ArrivoAdminIntakeFields.define('arrivo-admin-intake-fields');
ArrivoAdminSetup.define('arrivo-admin-setup');

declare global {
  interface HTMLElementTagNameMap {
    'arrivo-admin-setup': ArrivoAdminSetup;
    'arrivo-admin-skills': ArrivoAdminSkills;
    'arrivo-admin-territories': ArrivoAdminTerritories;
    'arrivo-admin-service-types': ArrivoAdminServiceTypes;
    'arrivo-admin-technicians': ArrivoAdminTechnicians;
    'arrivo-admin-scheduling-settings': ArrivoAdminSchedulingSettings;
    'arrivo-admin-intake-fields': ArrivoAdminIntakeFields;
  }
}
