import type { IncomingHttpHeaders } from 'node:http';
import { ANONYMOUS, type Identity, unauthenticated, verifyAccessToken } from '@wg/runtime';

/**
 * Authenticates a request once, at the edge. No credentials = anonymous (only `login` and other
 * public fields will accept it downstream). A present but bad credential is an error, never a
 * silent downgrade to anonymous.
 */
export async function authenticate(
  headers: IncomingHttpHeaders | Record<string, unknown>,
): Promise<Identity> {
  const raw = headers.authorization;
  const authorization = Array.isArray(raw) ? raw[0] : raw;
  if (typeof authorization === 'string' && authorization.trim() !== '') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw unauthenticated('Authorization must be "Bearer <token>"');
    return verifyAccessToken(match[1]);
  }
  return ANONYMOUS;
}
