import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  ANONYMOUS,
  type ClientInfo,
  type Identity,
  UNKNOWN_CLIENT,
  verifyAccessToken,
} from '@wg/runtime/auth';
import { unauthenticated } from '@wg/runtime/errors';
import { decodeJwt } from 'jose';
import type { ApiKeyVerifier } from './api-keys';
import type { SessionVerifier } from './sessions';

/** The header partners send their API key in. */
export const API_KEY_HEADER = 'x-api-key';

export interface Authenticated {
  identity: Identity;
  /** Set when the caller used an API key (access log, rate-limit bucket). */
  apiKeyId: string | null;
}

export interface AuthenticateOptions {
  apiKeys?: ApiKeyVerifier;
  /**
   * Confirms bearer tokens against the live session and the user's current access (revocation,
   * role changes). Without one, a signature-valid token is trusted until it expires (tools, tests).
   */
  sessions?: SessionVerifier;
  requestId?: string;
  client?: ClientInfo;
}

function header(headers: IncomingHttpHeaders | Record<string, unknown>, name: string): string | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Authenticates a request once, at the edge: `Authorization: Bearer <JWT>` or `x-api-key`. No
 * credentials = anonymous (only `login` and other public fields accept it downstream). A present
 * but bad credential is an error, never a silent downgrade to anonymous; so is sending both.
 */
export async function authenticateRequest(
  headers: IncomingHttpHeaders | Record<string, unknown>,
  options: AuthenticateOptions = {},
): Promise<Authenticated> {
  const authorization = header(headers, 'authorization');
  const apiKey = header(headers, API_KEY_HEADER);
  if (authorization && apiKey) throw unauthenticated('Send either a bearer token or an API key, not both');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated('Authorization must be "Bearer <token>"');
    const identity = await verifyAccessToken(match[1]);
    if (!options.sessions) return { identity, apiKeyId: null };
    // Verified above, so decoding is safe: the session the token belongs to.
    const sid = decodeJwt(match[1]).sid;
    return {
      identity: await options.sessions.confirm(
        identity,
        typeof sid === 'string' ? sid : null,
        options.requestId ?? randomUUID(),
        options.client ?? UNKNOWN_CLIENT,
      ),
      apiKeyId: null,
    };
  }
  if (apiKey) {
    if (!options.apiKeys) throw unauthenticated('API keys are not accepted here');
    const verified = await options.apiKeys.verify(
      apiKey,
      options.requestId ?? randomUUID(),
      options.client ?? UNKNOWN_CLIENT,
    );
    return { identity: verified.identity, apiKeyId: verified.apiKeyId };
  }
  return { identity: ANONYMOUS, apiKeyId: null };
}

/** Identity only (kept for callers that need no API-key details). */
export async function authenticate(
  headers: IncomingHttpHeaders | Record<string, unknown>,
  options: AuthenticateOptions = {},
): Promise<Identity> {
  return (await authenticateRequest(headers, options)).identity;
}
