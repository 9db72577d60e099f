// The plugin's strings in Spanish and Arabic, keyed by the English text: the server half writes its
// veto in the customer's language with them, the client half its field and hints.
import type { Messages } from '@arrivo/sdk/client';

export const PANEL_TOO_SMALL =
  'A {amps} A charger needs a main panel of at least {min} A, and yours is {panel} A. ' +
  'Choose a 32 A or 40 A charger (it still charges most cars overnight), or call us about a panel upgrade first.';

export const messages: Messages = {
  es: {
    'EV charger installation': 'Instalación de cargador para vehículo eléctrico',
    'Charger model': 'Modelo del cargador',
    'Main panel rating (amps)': 'Capacidad del panel principal (amperios)',
    'Cable run from the panel to the charger (metres)': 'Recorrido del cable del panel al cargador (metros)',
    '{n} A': '{n} A',
    'The number on the main breaker, usually at the top of your panel.': 'El número del interruptor principal, normalmente en la parte superior del panel.',
    '{model}, {panel} A panel, {cable} m of cable': '{model}, panel de {panel} A, {cable} m de cable',
    [PANEL_TOO_SMALL]:
      'Un cargador de {amps} A necesita un panel principal de al menos {min} A, y el suyo es de {panel} A. ' +
      'Elija un cargador de 32 A o 40 A (carga la mayoría de los coches durante la noche), o llámenos antes para ampliar el panel.',
  },
  ar: {
    'EV charger installation': 'تركيب شاحن سيارة كهربائية',
    'Charger model': 'طراز الشاحن',
    'Main panel rating (amps)': 'قدرة اللوحة الكهربائية الرئيسية (أمبير)',
    'Cable run from the panel to the charger (metres)': 'طول الكابل من اللوحة إلى الشاحن (بالمتر)',
    '{n} A': '{n} أمبير',
    'The number on the main breaker, usually at the top of your panel.': 'الرقم المكتوب على القاطع الرئيسي، ويكون عادةً في أعلى اللوحة.',
    '{model}, {panel} A panel, {cable} m of cable': '{model}، لوحة {panel} أمبير، {cable} م من الكابل',
    [PANEL_TOO_SMALL]:
      'يحتاج شاحن بقدرة {amps} أمبير إلى لوحة رئيسية بقدرة {min} أمبير على الأقل، ولوحتك بقدرة {panel} أمبير. ' +
      'اختر شاحنًا بقدرة 32 أو 40 أمبير (فهو يشحن معظم السيارات خلال الليل)، أو اتصل بنا أولًا بشأن ترقية اللوحة.',
  },
};
