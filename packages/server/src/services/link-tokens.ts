// The tokens of links sent to customers (tracking, survey, manage): 256 bits from the CSPRNG, only
// their SHA-256 stored, carried in the portal URL's fragment, which browsers never send to a server.
import { createHash, randomBytes } from 'node:crypto';

export const newLinkToken = () => randomBytes(32).toString('base64url');

export const hashLinkToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** `portalUrl` (without any fragment it had) with `#<fragment>=<token>`. */
export const linkUrl = (portalUrl: string, fragment: string, token: string) => `${portalUrl.split('#')[0]}#${fragment}=${token}`;
