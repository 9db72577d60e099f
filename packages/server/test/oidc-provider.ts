// A real OpenID Connect provider (the `oidc-provider` package) for external sign-in tests, and a
// cookie-keeping fetch that walks its login and consent pages the way a browser would.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface ProviderAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

async function quietly<T>(load: () => T | Promise<T>): Promise<T> {
  // oidc-provider warns that Node 20 is not its favourite runtime and that its in-memory store and
  // built-in login pages are for development: all true, and exactly what a test wants.
  const warn = console.warn;
  console.warn = () => {};
  try {
    return await load();
  } finally {
    console.warn = warn;
  }
}

export function useOidcProvider(accounts: ProviderAccount[]) {
  let server: Server | undefined;
  let issuer = '';
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, 'localhost', resolve));
    issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
  });

  return {
    get issuer() {
      return issuer;
    },
    /** Register the Arrivo server at `appUrl` as a client; returns the OIDC_* settings for it. */
    async register(appUrl: string): Promise<Record<string, string>> {
      const { default: Provider } = await quietly(() => import('oidc-provider'));
      const jwk = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
      const provider = await quietly(() => new Provider(issuer, {
        clients: [
          {
            client_id: 'arrivo',
            client_secret: 'arrivo-test-secret',
            redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        jwks: { keys: [jwk as never] },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        conformIdTokenClaims: false,
        features: { devInteractions: { enabled: true } },
        ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 3600, Session: 3600, Grant: 3600 },
        async findAccount(_ctx, sub) {
          const account = accounts.find((a) => a.sub === sub);
          return account && { accountId: sub, claims: async () => ({ ...account }) };
        },
      }));
      server!.on('request', provider.callback());
      return { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'arrivo', OIDC_CLIENT_SECRET: 'arrivo-test-secret', OIDC_NAME: 'Rose City ID' };
    },
  };
}

/** A browser stand-in: keeps cookies per host and follows redirects by hand. */
export function browser() {
  const jar = new Map<string, Map<string, string>>();
  const store = (url: string, res: Response) => {
    const cookies = jar.get(new URL(url).hostname) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const expired = /max-age=0|expires=Thu, 01 Jan 1970/i.test(line);
      if (expired) cookies.delete(pair!.slice(0, eq));
      else cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    jar.set(new URL(url).hostname, cookies);
  };
  const request = async (method: string, url: string, form?: Record<string, string>) => {
    const cookies = [...(jar.get(new URL(url).hostname) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { ...(cookies ? { cookie: cookies } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form) : undefined,
    });
    store(url, res);
    return res;
  };
  return {
    /**
     * Open `start` and keep going: follow redirects, sign in as `login` on the provider's login
     * page, approve consent, until a redirect leaves for a URL starting with `until`.
     */
    async run(start: string, login: string, until: string): Promise<string> {
      let url = start;
      let res = await request('GET', url);
      for (let step = 0; step < 20; step++) {
        if (res.status >= 300 && res.status < 400) {
          url = new URL(res.headers.get('location')!, url).href;
          if (url.startsWith(until)) return url;
          res = await request('GET', url);
          continue;
        }
        const html = await res.text();
        const form = /<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
        if (!form) throw new Error(`stuck at ${url} (${res.status}): ${html.slice(0, 300)}`);
        const fields: Record<string, string> = {};
        for (const [, attrs] of form[2]!.matchAll(/<input([^>]*)>/gi)) {
          const name = /name="([^"]*)"/.exec(attrs!)?.[1];
          if (name) fields[name] = /value="([^"]*)"/.exec(attrs!)?.[1] ?? '';
        }
        if (fields.prompt === 'login') Object.assign(fields, { login, password: 'any' });
        url = new URL(form[1]!.replaceAll('&amp;', '&'), url).href;
        res = await request('POST', url, fields);
      }
      throw new Error('too many steps');
    },
  };
}
