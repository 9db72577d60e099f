// @arrivo/plugin-ev-charger: an "EV charger installation" service type for the businesses that
// enable it. The customer answers three questions while booking; the visit's length follows the
// answers, only technicians with the `ev-charger` skill are offered, and a booking the panel cannot
// carry is refused with a message (in the customer's language) that says what to do instead. Written
// against @arrivo/sdk only; its browser half is ./client.
import { definePlugin, translate, type IntakeAnswers, type Schema } from '@arrivo/sdk/server';
import { messages, PANEL_TOO_SMALL } from './messages';

export const SERVICE_TYPE_KEY = 'ev-charger-install';
export const SKILL = 'ev-charger';

/** The chargers offered, with the current each draws. */
export const CHARGERS: Record<string, number> = {
  'Wallbox Pulsar Plus (32 A)': 32,
  'Emporia Level 2 (40 A)': 40,
  'ChargePoint Home Flex (48 A)': 48,
  'Tesla Wall Connector (48 A)': 48,
};

/** A 48 A charger needs a 60 A circuit, which a panel under 100 A cannot spare. */
export const MIN_PANEL_FOR_48A = 100;

/**
 * Minutes on site: two hours, ten more for every 5 m (or part) of cable beyond the first 10 m, and
 * an hour more on a panel under 100 A (load calculation and a tighter breaker layout).
 */
export function installMinutes(answers: IntakeAnswers): number {
  const cable = typeof answers.cableMetres === 'number' ? answers.cableMetres : 0;
  const panel = typeof answers.panelAmps === 'number' ? answers.panelAmps : MIN_PANEL_FOR_48A;
  return 120 + Math.ceil(Math.max(0, cable - 10) / 5) * 10 + (panel < MIN_PANEL_FOR_48A ? 60 : 0);
}

/** Ranges the field kinds cannot express: a real panel rating, a cable run one visit can lay. */
const ranges: Schema<IntakeAnswers> = {
  safeParse(input) {
    const a = input as IntakeAnswers;
    const issues: { path: string[]; message: string }[] = [];
    if (typeof a.panelAmps === 'number' && (a.panelAmps < 30 || a.panelAmps > 400)) issues.push({ path: ['panelAmps'], message: 'a main panel is rated between 30 and 400 amps' });
    if (typeof a.cableMetres === 'number' && (a.cableMetres < 1 || a.cableMetres > 60)) issues.push({ path: ['cableMetres'], message: 'we install cable runs from 1 to 60 metres; call us for longer ones' });
    return issues.length ? { success: false, error: { issues } } : { success: true, data: a };
  },
};

const evCharger = definePlugin({
  id: 'ev-charger',
  version: '1.0.0',
  sdk: '^1.4',
  serviceTypes: [
    {
      key: SERVICE_TYPE_KEY,
      label: 'EV charger installation',
      description: 'A Level 2 home charger mounted, wired to your panel and tested with your car.',
      requiredSkills: [SKILL],
      fields: [
        { key: 'chargerModel', label: 'Charger model', kind: 'select', required: true, options: Object.keys(CHARGERS) },
        // Its client half (./client) asks it as a choice of common breaker sizes; a number either way.
        { key: 'panelAmps', label: 'Main panel rating (amps)', kind: 'number', required: true, widget: 'ev-charger:panel-amps' },
        { key: 'cableMetres', label: 'Cable run from the panel to the charger (metres)', kind: 'number', required: true },
      ],
      intake: ranges,
      duration: installMinutes,
    },
  ],
  hooks: {
    'booking.create.before'(draft, ctx) {
      if (draft.serviceType.key !== SERVICE_TYPE_KEY) return;
      const amps = CHARGERS[String(draft.intake.chargerModel)] ?? 0;
      const panel = Number(draft.intake.panelAmps);
      if (amps >= 48 && panel < MIN_PANEL_FOR_48A) {
        return {
          veto: {
            code: 'panel_too_small',
            // In the customer's language: the booking form sends its locale.
            message: translate(messages, ctx.locale, PANEL_TOO_SMALL, { amps, min: MIN_PANEL_FOR_48A, panel }),
          },
        };
      }
    },
  },
});

export default evCharger;
