import { expect, waitUntil } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { LiveController, type LiveEvent } from './controller';
import { API } from '../test-support';

const ORIGIN = API.replace(/\/api$/, '');

describe('LiveController', () => {
  it('passes `ended` on to an element that follows one visit, so it can reload and show why', async () => {
    const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) } as ReactiveControllerHost;
    const events: LiveEvent[] = [];
    const url = `${ORIGIN}/__test__/sse/${crypto.randomUUID()}?scenario=end-expired`;
    const controller = new LiveController(host, () => ({ url, headers: { authorization: 'Bearer test' } }), (e) => events.push(e), () => '00000000-0000-4000-8000-000000000001');
    controller.hostConnected();
    controller.hostUpdated();
    await waitUntil(() => events.length, 'no ended', { timeout: 5000 });
    expect(events).to.deep.equal([{ type: 'ended', reason: 'expired' }]);
    controller.hostDisconnected();
  });
});
