// `npm run simulate -- --booking <id> [--speed x] [--start] [--loop] [--url http://localhost:8787]`:
// drive a simulated technician to a visit through the real API (see demo/simulate.ts).
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, DEMO_SLUG } from './seed';
import { simulateVisit } from './simulate';
import { DEMO_TECHNICIAN_EMAIL } from './visits';

const { values } = parseArgs({
  options: {
    booking: { type: 'string' },
    speed: { type: 'string', default: '1' },
    url: { type: 'string', default: process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 8787}` },
    business: { type: 'string', default: DEMO_SLUG },
    email: { type: 'string', default: DEMO_TECHNICIAN_EMAIL },
    password: { type: 'string', default: DEMO_PASSWORD },
    start: { type: 'boolean', default: false },
    loop: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const speed = Number(values.speed);
if (values.help || !values.booking || !(speed > 0)) {
  console.error(`Usage: npm run simulate -- --booking <booking id> [--speed 2] [--start] [--loop]
                 [--url ${values.url}] [--business ${DEMO_SLUG}] [--email ${DEMO_TECHNICIAN_EMAIL}] [--password …]

Signs in as the visit's technician (the demo technician by default) and drives to the visit,
sending a location fix every 5 s through the API. --start first moves a Scheduled visit to
Traveling; --loop drives the route again after each arrival; --speed multiplies the driving speed.`);
  process.exit(values.help ? 0 : 1);
}

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
try {
  const result = await simulateVisit({
    url: values.url!,
    business: values.business!,
    email: values.email!,
    password: values.password!,
    bookingId: values.booking,
    speed,
    start: values.start,
    loop: values.loop,
    signal: stop.signal,
    log: (line) => console.log(line),
  });
  console.log(result === 'arrived' ? 'Arrived.' : `Stopped (${result}).`);
  process.exit(result === 'failed' ? 1 : 0);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
