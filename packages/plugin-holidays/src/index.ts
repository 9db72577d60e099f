// @arrivo/plugin-holidays: an availability rule that closes public holidays (per country, state
// and region, from the date-holidays data) for the businesses that enable it, each day from local
// midnight to the next in the business's time zone. Written against @arrivo/sdk only.
import { addDays, definePlugin, zonedDate, zonedInstant } from '@arrivo/sdk/server';
import { closedDates, holidaySettings, type HolidaySettings } from './calendar';

export { closedDates, holidaySettings, HOLIDAY_TYPES, type HolidaySettings } from './calendar';

const holidays = definePlugin<undefined, HolidaySettings>({
  id: 'holidays',
  version: '1.0.0',
  sdk: '^1.2',
  businessSettings: holidaySettings,
  availability: [
    {
      id: 'closed-days',
      busy(query, ctx) {
        // Parsed again (defaults filled in) for settings written other than through the API;
        // missing or invalid ones throw, and Arrivo fails closed rather than open on holidays.
        const settings = holidaySettings.parse(ctx.settings);
        const tz = ctx.business.timeZone;
        return closedDates(settings, zonedDate(query.from, tz), zonedDate(query.to, tz)).map((date) => ({
          startsAt: zonedInstant(date, 0, tz),
          endsAt: zonedInstant(addDays(date, 1), 0, tz),
        }));
      },
    },
  ],
});

export default holidays;
