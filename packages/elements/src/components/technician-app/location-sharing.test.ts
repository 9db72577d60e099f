// The location-sharing rules with everything injected: a fake position source, clock, network,
// timers and sender. (The element's tests drive it with Chromium's own geolocation.)
import { expect, waitUntil } from '@open-wc/testing';
import { LOCATION_BATCH_MAX, LOCATION_MAX_AGE_MS, type LocationFix } from '@arrivo/core';
import { ApiError } from '../../api/api-error';
import { LocationSharing, toFix, type LocationSharingOptions, type GeolocationSource, type Position, type PositionError, type SharingState } from './location-sharing';

const BOOKING = '7b0c8c1e-5b7a-4f5e-9a55-3f0c1d2e4a10';
// SE Hawthorne Blvd, Portland, going east: 0.0001° of longitude there is about 7.8 m.
const START = { lat: 45.5121, lon: -122.6443 };
const east = (m: number) => ({ lat: START.lat, lon: START.lon + (m / 7.8) * 0.0001 });

function rig(opts: { send?: LocationSharingOptions['send']; maxQueue?: number } = {}) {
  let clock = Date.parse('2026-12-03T17:00:00Z');
  let online = true;
  let onOnline: (() => void) | undefined;
  let watching: { pos: (p: Position) => void; err: (e: PositionError) => void } | undefined;
  let watches = 0;
  const timers: { fn: () => void; ms: number }[] = [];
  const sent: LocationFix[][] = [];
  const states: SharingState[] = [];
  const geolocation: GeolocationSource = {
    watch(pos, err) {
      watches++;
      watching = { pos, err };
      return () => (watching = undefined);
    },
  };
  const sharing = new LocationSharing({
    send: opts.send ?? (async (_id, fixes) => void sent.push(fixes)),
    onChange: (s) => states.push(s),
    geolocation,
    now: () => clock,
    network: { online: () => online, onOnline: (l) => ((onOnline = l), () => (onOnline = undefined)) },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => undefined,
    maxQueue: opts.maxQueue,
  });
  return {
    sharing,
    sent,
    states,
    timers,
    get watching() {
      return Boolean(watching);
    },
    get watches() {
      return watches;
    },
    /** The device reports a fix at `at` (by default: now) after `advance` ms. */
    fix(place: { lat: number; lon: number }, advance = 0, accuracy = 12) {
      clock += advance;
      watching?.pos({ coords: { latitude: place.lat, longitude: place.lon, accuracy, heading: 90, speed: 8 }, timestamp: clock });
    },
    deny: () => watching?.err({ code: 1 }),
    goOffline: () => (online = false),
    goOnline: () => ((online = true), onOnline?.()),
    tick: (ms: number) => (clock += ms),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('location sharing', () => {
  it('watches the position only between start and stop', () => {
    const r = rig();
    expect(r.watching).to.equal(false);
    r.sharing.start(BOOKING);
    expect(r.watching).to.equal(true);
    expect(r.sharing.state.bookingId).to.equal(BOOKING);
    r.sharing.stop();
    expect(r.watching).to.equal(false);
    expect(r.sharing.state.bookingId).to.equal(null);
  });

  it('keeps one fix per 5 s, or sooner after 50 m, and shows the accuracy', async () => {
    const r = rig();
    r.sharing.start(BOOKING);
    r.fix(east(0), 0, 12); // the first fix always goes
    await settle();
    r.fix(east(10), 1000); // 1 s, 10 m: not yet
    r.fix(east(20), 2000); // 3 s, 20 m: not yet
    await settle();
    expect(r.sent.flat().length).to.equal(1);
    r.fix(east(25), 2000); // 5 s since the first: goes
    await settle();
    r.fix(east(80), 1000); // 1 s later but 55 m on: goes
    await settle();
    r.fix(east(90), 500, 7); // neither
    await settle();
    expect(r.sent.flat().map((f) => f.lon)).to.deep.equal([east(0).lon, east(25).lon, east(80).lon]);
    expect(r.sharing.state.accuracyM).to.equal(7);
    const [first] = r.sent[0]!;
    expect(first).to.include({ accuracyM: 12, headingDeg: 90, speedMps: 8 });
    expect(Date.parse(first!.recordedAt)).to.equal(Date.parse('2026-12-03T17:00:00Z'));
  });

  it('queues fixes while offline and sends them in order, in chunks of 50, when back online', async () => {
    const r = rig();
    r.sharing.start(BOOKING);
    r.goOffline();
    for (let i = 0; i < 120; i++) r.fix(east(i * 60), 5000);
    await settle();
    expect(r.sent).to.deep.equal([]);
    expect(r.sharing.state).to.include({ queued: 120, offline: true });
    r.goOnline();
    await waitUntil(() => r.sharing.state.queued === 0);
    expect(r.sent.map((c) => c.length)).to.deep.equal([LOCATION_BATCH_MAX, LOCATION_BATCH_MAX, 20]);
    const times = r.sent.flat().map((f) => Date.parse(f.recordedAt));
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    expect(times.length).to.equal(120);
  });

  it('keeps at most maxQueue fixes (dropping the oldest) and none older than the server takes', async () => {
    const r = rig({ maxQueue: 5 });
    r.sharing.start(BOOKING);
    r.goOffline();
    for (let i = 0; i < 8; i++) r.fix(east(i * 60), 5000);
    expect(r.sharing.pending.map((f) => f.lon)).to.deep.equal([3, 4, 5, 6, 7].map((i) => east(i * 60).lon));
    r.tick(LOCATION_MAX_AGE_MS - 12_000); // the oldest two are now over ten minutes old
    r.goOnline();
    await waitUntil(() => r.sharing.state.queued === 0);
    expect(r.sent.flat().map((f) => f.lon)).to.deep.equal([5, 6, 7].map((i) => east(i * 60).lon));
  });

  it('keeps the fixes when a send fails and sends them, in order, on the retry', async () => {
    let failing = true;
    const sent: LocationFix[][] = [];
    const r = rig({
      send: async (_id, fixes) => {
        if (failing) throw new ApiError('internal', 'down', 503);
        sent.push(fixes);
      },
    });
    r.sharing.start(BOOKING);
    r.fix(east(0));
    await settle();
    expect(r.timers.length).to.equal(1);
    r.fix(east(100), 5000); // waits for the retry rather than hammering
    await settle();
    expect(r.sharing.state.queued).to.equal(2);
    failing = false;
    r.timers.shift()!.fn();
    await waitUntil(() => r.sharing.state.queued === 0);
    expect(sent.flat().map((f) => f.lon)).to.deep.equal([east(0).lon, east(100).lon]);
  });

  it('stops when the server says the visit is no longer traveling', async () => {
    const r = rig({ send: async () => Promise.reject(new ApiError('not_traveling', 'no', 409)) });
    r.sharing.start(BOOKING);
    r.fix(east(0));
    await waitUntil(() => r.sharing.state.problem === 'not_traveling');
    expect(r.watching).to.equal(false);
    expect(r.sharing.state).to.include({ bookingId: null, queued: 0 });
  });

  it('says to check the device’s clock when the server refuses fixes as from the future, and goes on sharing', async () => {
    let refuse = true;
    const r = rig({ send: async (_id, fixes) => ({ accepted: 0, eta: null, refused: refuse ? fixes.map((_, index) => ({ index, reason: 'future' })) : [] }) });
    r.sharing.start(BOOKING);
    r.fix(east(0));
    await waitUntil(() => r.sharing.state.problem === 'clock');
    expect(r.watching).to.equal(true);
    expect(r.sharing.state).to.include({ bookingId: BOOKING, queued: 0 });
    // The clock is put right: the next batch clears it.
    refuse = false;
    r.fix(east(100), 6_000);
    await waitUntil(() => r.sharing.state.problem === null);
    expect(r.sharing.state.bookingId).to.equal(BOOKING);
  });

  it('says when permission is denied, stops asking, and asks again on retry', () => {
    const r = rig();
    r.sharing.start(BOOKING);
    r.deny();
    expect(r.sharing.state.problem).to.equal('denied');
    expect(r.watching).to.equal(false);
    r.sharing.start(BOOKING); // the same visit again (the element re-renders): no new request
    expect(r.watches).to.equal(1);
    expect(r.sharing.state.problem).to.equal('denied');
    r.sharing.retry();
    expect(r.watches).to.equal(2);
    expect(r.watching).to.equal(true);
    expect(r.sharing.state.problem).to.equal(null);
  });

  it('turns positions into fixes the API takes', () => {
    const p = (coords: Partial<Position['coords']>) => toFix({ coords: { latitude: 45.5, longitude: -122.6, accuracy: 5, ...coords }, timestamp: 0 });
    expect(p({ heading: -90 })!.headingDeg).to.equal(270);
    expect(p({ heading: Number.NaN })!.headingDeg).to.equal(null);
    expect(p({ speed: 400 })!.speedMps).to.equal(150);
    expect(p({ accuracy: 1e9 })).to.equal(null);
    expect(p({ latitude: 95 })).to.equal(null);
  });
});
