// The connection against the real API: what a request that got no answer is called.
import { expect } from '@open-wc/testing';
import { ApiError } from './api-error';
import { diagnose } from './diagnose';
import { connect } from './http';
import * as pub from './public';
import { setArrivoLocale } from '../localization';
import { API, BUSINESS, requestOf } from '../test-support';

/** Every CORS request fails as a dropped connection does; `no-cors` ones still reach the server. */
async function withDroppedConnections<T>(run: () => Promise<T>): Promise<T> {
  const real = window.fetch;
  window.fetch = (input, init) => (init?.mode === 'no-cors' ? real(input, init) : Promise.reject(new TypeError('Failed to fetch')));
  try {
    return await run();
  } finally {
    window.fetch = real;
  }
}

const failure = (p: Promise<unknown>) => p.then(() => expect.fail('no error'), (err: unknown) => err as ApiError);

describe('connection', () => {
  it('calls a dropped connection a network error, even though the service is there', async () => {
    const c = connect({ api: API, business: BUSINESS });
    const err = await withDroppedConnections(() => failure(pub.publicBusiness(c)));
    expect(err).to.be.instanceOf(ApiError);
    expect(err.code).to.equal('network_error');
  });

  it('tells, when asked for a diagnosis, a page the service refuses from one that cannot reach it', async () => {
    // The test API server allows this page's origin for the demo business only.
    const refused = connect({ api: API, business: 'no-such-company' });
    const err = await failure(pub.publicBusiness(refused));
    expect(err.code).to.equal('network_error');
    expect(((await diagnose(refused, err)) as ApiError).code).to.equal('origin_not_allowed');

    const nowhere = connect({ api: 'http://127.0.0.1:9/api', business: BUSINESS });
    const unreachable = await failure(pub.publicBusiness(nowhere, AbortSignal.timeout(8000)));
    expect(((await diagnose(nowhere, unreachable)) as ApiError).code).to.equal('network_error');
  });

  it('leaves out query parameters that are undefined and sends the token', async () => {
    const seen: string[] = [];
    const real = window.fetch;
    window.fetch = (input, init) => {
      const request = requestOf(input, init);
      seen.push(`${request.url} ${request.headers.get('authorization')}`);
      return real(input, init);
    };
    try {
      const c = connect({ api: API, business: BUSINESS, getToken: () => 'not-a-token' });
      const err = await failure(c.call('me/slots', { searchParams: { date: '2030-01-01', assetId: undefined } }));
      expect(err.code).to.equal('unauthenticated');
    } finally {
      window.fetch = real;
    }
    expect(seen[0]).to.equal(`${API}/businesses/${BUSINESS}/me/slots?date=2030-01-01 Bearer not-a-token`);
  });

  it('sends the page’s locale as Accept-Language once one is set (plugins answer in it)', async () => {
    const seen: (string | null)[] = [];
    const real = window.fetch;
    window.fetch = (input, init) => {
      seen.push(requestOf(input, init).headers.get('accept-language'));
      return real(input, init);
    };
    try {
      const c = connect({ api: API, business: BUSINESS });
      await pub.publicBusiness(c);
      await setArrivoLocale('es');
      await pub.publicBusiness(c);
    } finally {
      window.fetch = real;
      await setArrivoLocale('en');
    }
    // Before any locale is set the browser's own goes (not set by the element).
    expect(seen).to.deep.equal([null, 'es']);
  });

  it('asks again after a brief outage for reads and idempotent writes only; times out; lets the caller abort', async () => {
    const real = window.fetch;
    const calls: string[] = [];
    let outages = 0;
    window.fetch = (input, init) => {
      const request = requestOf(input, init);
      calls.push(`${request.method} ${new URL(request.url).pathname}`);
      if (outages-- > 0) return Promise.resolve(Response.json({ code: 'database_unavailable' }, { status: 503, headers: { 'retry-after': '1' } }));
      if (request.url.endsWith('/slow')) {
        const signal = request.signal;
        return new Promise((_, reject) => (signal.aborted ? reject(signal.reason) : signal.addEventListener('abort', () => reject(signal.reason))));
      }
      return real(input, init);
    };
    try {
      const c = connect({ api: API, business: BUSINESS });
      outages = 1;
      expect((await pub.publicBusiness(c)).name).to.equal('Rose City Plumbing & Heating');
      expect(calls).to.have.length(2);

      calls.length = 0;
      outages = 1;
      const write = await failure(c.call('session', { method: 'post', json: { email: 'x@example.com', password: 'not it' } }));
      expect(write.code).to.equal('database_unavailable');
      expect(calls).to.have.length(1); // a write without an Idempotency-Key is never sent twice

      expect((await failure(c.call('slow', { timeout: 100, retry: { limit: 0, methods: [], statusCodes: [] } }))).code).to.equal('timeout');
      const aborted = await failure(c.call('slow', { signal: AbortSignal.abort() }));
      expect(aborted).not.to.be.instanceOf(ApiError);
      expect((aborted as unknown as DOMException).name).to.equal('AbortError');
    } finally {
      window.fetch = real;
    }
  });
});
