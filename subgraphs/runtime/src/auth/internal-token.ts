import { jwtVerify, SignJWT } from 'jose';
import { loadSecrets } from '../config';
import { unauthenticated } from '../errors';
import { type ClientInfo, type Identity, UNKNOWN_CLIENT } from './identity';

/**
 * The gateway authenticates a request once and vouches for it to the subgraphs with this
 * short-lived token. Subgraphs accept nothing else: a bare `x-tenant-id` header, a user JWT sent
 * straight to a subgraph, or no token at all is UNAUTHENTICATED.
 */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';
const ISSUER = 'workforce-gateway';
const AUDIENCE = 'workforce-subgraphs';
const ALG = 'HS256';

interface Claims {
  kind: Identity['kind'];
  tid: string | null;
  emp: string | null;
  roles: string[];
  perms: string[];
  rid: string;
  ip?: string | null;
  ua?: string | null;
}

async function key(): Promise<Uint8Array> {
  return Buffer.from((await loadSecrets()).internalJwtSecret, 'base64');
}

export async function signInternalToken(
  identity: Identity,
  requestId: string,
  ttlSeconds = 60,
  client: ClientInfo = UNKNOWN_CLIENT,
): Promise<string> {
  const claims: Claims = {
    kind: identity.kind,
    tid: identity.tenantId,
    emp: identity.employeeId,
    roles: identity.roles,
    perms: identity.permissions,
    rid: requestId,
    ip: client.ip,
    ua: client.userAgent,
  };
  const jwt = new SignJWT({ ...claims })
    .setProtectedHeader({ alg: ALG })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`);
  if (identity.userId) jwt.setSubject(identity.userId);
  return jwt.sign(await key());
}

export async function verifyInternalToken(
  token: string | undefined,
): Promise<{ identity: Identity; requestId: string; client: ClientInfo }> {
  if (!token)
    throw unauthenticated('Missing internal token: subgraphs are reachable only through the gateway');
  try {
    const { payload } = await jwtVerify(token, await key(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [ALG],
    });
    const c = payload as unknown as Claims & { sub?: string };
    return {
      identity: {
        kind: c.kind,
        tenantId: c.tid ?? null,
        userId: c.sub ?? null,
        employeeId: c.emp ?? null,
        roles: Array.isArray(c.roles) ? c.roles : [],
        permissions: Array.isArray(c.perms) ? c.perms : [],
      },
      requestId: typeof c.rid === 'string' ? c.rid : 'unknown',
      client: {
        ip: typeof c.ip === 'string' ? c.ip : null,
        userAgent: typeof c.ua === 'string' ? c.ua : null,
      },
    };
  } catch {
    throw unauthenticated('Invalid internal token');
  }
}
