import { expect, waitUntil } from '@open-wc/testing';
import { liveStream, liveTiming, type LiveEvent } from './stream';
import { API } from '../test-support';

// The test API server's scripted SSE endpoint (scripts/test-api-server.ts), cross-origin as in production.
const ORIGIN = API.replace(/\/api$/, '');
const sse = (scenario: string) => {
  const key = crypto.randomUUID();
  return { key, url: `${ORIGIN}/__test__/sse/${key}?scenario=${scenario}` };
};
const connections = async (key: string) => ((await (await fetch(`${ORIGIN}/__test__/sse/${key}/count`)).json()) as { count: number }).count;

const saved = { ...liveTiming };
const random = Math.random;
afterEach(() => {
  Object.assign(liveTiming, saved);
  Math.random = random;
});

/** A stream that reconnects quickly once, as a clock: once it has, a stopped stream had the time to misbehave. */
async function reconnected() {
  const { key, url } = sse('drop');
  const { off } = listen(url, { authorization: `Bearer ${key}` });
  await waitUntil(async () => (await connections(key)) >= 2, 'the clock stream did not reconnect', { timeout: 5000 });
  off();
}

function listen(url: string, headers: Record<string, string> = { authorization: 'Bearer test' }) {
  const events: LiveEvent[] = [];
  const stream = liveStream(url, headers);
  const off = stream.subscribe((e) => events.push(e));
  return { events, stream, off };
}

describe('live stream client', () => {
  it('is one connection per URL and credential, shared by every subscriber, closed after the last leaves', async () => {
    const { key, url } = sse('resync');
    const a = listen(url);
    const b = listen(url);
    expect(b.stream).to.equal(a.stream);
    await waitUntil(() => a.events.length && b.events.length, 'no message', { timeout: 5000 });
    expect(await connections(key)).to.equal(1);
    const other = liveStream(url, { authorization: 'Bearer someone-else' });
    expect(other).not.to.equal(a.stream);
    a.off();
    expect(a.stream.state).not.to.equal('closed');
    b.off();
    expect(a.stream.state).to.equal('closed');
    expect(liveStream(url, { authorization: 'Bearer test' })).not.to.equal(a.stream);
  });

  it('reconnects after the server drops it, sending Last-Event-ID', async () => {
    Object.assign(liveTiming, { retryMinMs: 50, retryMaxMs: 100 });
    const { key, url } = sse('drop');
    const { events, stream, off } = listen(url);
    await waitUntil(() => events.length >= 2, 'did not reconnect', { timeout: 5000 });
    off();
    const [first, second] = events as Extract<LiveEvent, { type: 'booking.changed' }>[];
    expect(first!.type).to.equal('booking.changed');
    expect(first!.data).to.include({ connection: 1, lastEventId: null });
    // The second connection said where the first one stopped.
    expect(second!.data).to.include({ connection: 2, lastEventId: `${key}-1` });
    expect(stream.lastEventId).to.equal(`${key}-2`);
  });

  it('passes resync on to its subscribers', async () => {
    const { url } = sse('resync');
    const { events, off } = listen(url);
    await waitUntil(() => events.length, 'no resync', { timeout: 5000 });
    off();
    expect(events[0]).to.deep.equal({ type: 'resync' });
  });

  it('falls back to polling (resync every pollMs) when nothing gets through, and keeps probing', async () => {
    Object.assign(liveTiming, { watchdogMs: 200, retryMinMs: 20, retryMaxMs: 40, failuresBeforePolling: 2, pollMs: 150, probeMs: 60_000 });
    const { key, url } = sse('silent'); // a proxy that buffers: headers, then nothing
    const { events, stream, off } = listen(url);
    await waitUntil(() => stream.state === 'polling', 'never fell back to polling', { timeout: 5000 });
    expect(await connections(key)).to.equal(2);
    await waitUntil(() => events.filter((e) => e.type === 'resync').length >= 3, 'polling does not tick', { timeout: 5000 });
    off();
  });

  it('treats a refusing server (502) the same way', async () => {
    Object.assign(liveTiming, { retryMinMs: 20, retryMaxMs: 40, failuresBeforePolling: 3, pollMs: 100 });
    const { key, url } = sse('refuse');
    const { events, stream, off } = listen(url);
    await waitUntil(() => stream.state === 'polling' && events.length >= 2, 'never fell back to polling', { timeout: 5000 });
    expect(await connections(key)).to.equal(3);
    off();
  });

  for (const reason of ['expired', 'forbidden'] as const) {
    it(`stops for good on \`end: ${reason}\`: no reconnection, no polling, and tells its subscribers`, async () => {
      Object.assign(liveTiming, { retryMinMs: 20, retryMaxMs: 40, pollMs: 50, probeMs: 50 });
      const { key, url } = sse(`end-${reason}`);
      const { events, stream, off } = listen(url);
      await waitUntil(() => events.some((e) => e.type === 'ended'), 'no ended', { timeout: 5000 });
      expect(events).to.deep.equal([{ type: 'ended', reason }]);
      expect(stream.state).to.equal('closed');
      await reconnected();
      expect(await connections(key)).to.equal(1);
      expect(events).to.have.length(1);
      off();
    });
  }

  for (const [status, code, reason] of [
    [401, 'unauthenticated', 'expired'],
    [403, 'account_inactive', 'forbidden'],
    [404, 'tracking_link_invalid', 'invalid'],
  ] as const) {
    it(`stops for good when refused with ${status} ${code}`, async () => {
      Object.assign(liveTiming, { retryMinMs: 20, retryMaxMs: 40, failuresBeforePolling: 2, pollMs: 50, probeMs: 50 });
      const { key, url } = sse(`status-${status}&code=${code}`);
      const { events, stream, off } = listen(url);
      await waitUntil(() => events.length, 'no event', { timeout: 5000 });
      expect(events).to.deep.equal([{ type: 'ended', reason }]);
      expect(stream.state).to.equal('closed');
      await reconnected();
      expect(await connections(key)).to.equal(1);
      expect(events).to.have.length(1);
      off();
    });
  }

  it('reconnects after `end: changed` (the person may now follow something else)', async () => {
    Object.assign(liveTiming, { retryMinMs: 20, retryMaxMs: 40 });
    const { key, url } = sse('end-changed');
    const { events, off } = listen(url);
    // The test server refuses the second connection (401): it reconnected, then stopped.
    await waitUntil(() => events.some((e) => e.type === 'ended'), 'no ended', { timeout: 5000 });
    expect(await connections(key)).to.equal(2);
    off();
  });

  it('falls back to polling, without probing, once a newer tab replaced it (`end: replaced`)', async () => {
    Object.assign(liveTiming, { retryMinMs: 20, retryMaxMs: 40, pollMs: 50, probeMs: 50 });
    const { key, url } = sse('end-replaced');
    const { events, stream, off } = listen(url);
    await waitUntil(() => events.filter((e) => e.type === 'resync').length >= 3, 'not polling', { timeout: 5000 });
    expect(stream.state).to.equal('polling');
    expect(await connections(key)).to.equal(1);
    off();
  });

  it('passes a server’s resync on after a random delay of up to resyncJitterMs', async () => {
    Object.assign(liveTiming, { resyncJitterMs: 1500 });
    Math.random = () => 1;
    const { url } = sse('resync');
    const { events, stream, off } = listen(url);
    await waitUntil(() => stream.state === 'open', 'not open', { timeout: 5000 });
    const opened = performance.now();
    await waitUntil(() => events.length, 'no resync', { timeout: 5000 });
    expect(performance.now() - opened).to.be.greaterThan(1000);
    expect(events).to.deep.equal([{ type: 'resync' }]);
    off();
  });
});
