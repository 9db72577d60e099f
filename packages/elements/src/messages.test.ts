// Every error code a person can meet has a human message, in every language we ship. The codes
// come from core at run time: a code added there fails this test until it has its messages.
import { expect } from '@open-wc/testing';
import { ERROR_CODES } from '@arrivo/core';
import { ApiError, type ClientErrorCode } from './api/api-error';
import { setArrivoLocale } from './localization';
import { errorText } from './messages';
import { schedulingMessages } from './area-messages/scheduling';
import { sessionMessages } from './area-messages/session';
import { staffMessages } from './area-messages/staff';
import { trackingMessages } from './area-messages/tracking';
import { feedbackMessages } from './area-messages/feedback';
import { placesMessages } from './area-messages/admin-places';
import { peopleMessages } from './area-messages/admin-people';
import { targetLocales } from './generated/locale-codes';

const CODES = [...Object.keys(ERROR_CODES), 'network_error', 'timeout'] as ClientErrorCode[];
const DEVELOPER_TEXT = 'The request is not valid: check json.password.';
// Every area's messages: each code is in one of them or in the common ones.
const everyArea = () => ({ ...sessionMessages(), ...schedulingMessages(), ...staffMessages(), ...trackingMessages(), ...feedbackMessages(), ...placesMessages(), ...peopleMessages() });
const textOf = (code: ClientErrorCode) => errorText(new ApiError(code, DEVELOPER_TEXT), everyArea);

describe('error messages', () => {
  after(() => setArrivoLocale('en'));

  it('has its own human message for every code, never the server’s developer text', async () => {
    await setArrivoLocale('en');
    const general = errorText(new Error('not an API error'));
    const missing = CODES.filter((code) => [DEVELOPER_TEXT, general].includes(textOf(code)));
    expect(missing, 'codes without a message in packages/elements/src/messages.ts or area-messages/*.ts').to.deep.equal([]);
    // A code this version does not know still gets words a person can read.
    expect(errorText(new ApiError('from_a_newer_server' as ClientErrorCode, DEVELOPER_TEXT), everyArea)).to.equal(general);
    expect(textOf('toString' as ClientErrorCode)).to.equal(general);
  });

  for (const locale of targetLocales) {
    it(`translates every code’s message into ${locale}`, async () => {
      await setArrivoLocale('en');
      const english = new Map(CODES.map((code) => [code, textOf(code)]));
      await setArrivoLocale(locale);
      const untranslated = CODES.filter((code) => textOf(code) === english.get(code));
      expect(untranslated, `codes without a ${locale} translation (npx lit-localize extract, translate xliff/${locale}.xlf, npm run localize)`).to.deep.equal([]);
    });
  }

  it('shows a plugin’s veto in the plugin’s own words, and the general veto message without them', async () => {
    await setArrivoLocale('en');
    const reason = 'We need two days to get parts for this visit. Please pick a later day.';
    const veto = new ApiError('plugin_veto', reason, 422, { code: 'plugin_veto', message: reason, details: { plugin: 'parts-check', code: 'lead', reason } });
    expect(errorText(veto, schedulingMessages)).to.equal(reason);
    expect(errorText(new ApiError('plugin_veto', reason, 422), schedulingMessages)).to.equal(schedulingMessages().plugin_veto);
  });
});
