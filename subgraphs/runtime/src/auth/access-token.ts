import {
  decodeProtectedHeader,
  exportJWK,
  importPKCS8,
  importSPKI,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import { loadSecrets } from '../config';
import { unauthenticated } from '../errors';
import type { Identity } from './identity';
import { permissionsForRoles } from './permissions';

/** User access tokens: Ed25519-signed JWTs, pinned algorithm, issuer, audience and key id. */
export const ACCESS_TOKEN_ISSUER = process.env.JWT_ISSUER ?? 'workforce-graph';
export const ACCESS_TOKEN_AUDIENCE = process.env.JWT_AUDIENCE ?? 'workforce-graph-api';
const ALG = 'EdDSA';
export const ACCESS_TOKEN_TTL_SECONDS = Number(process.env.ACCESS_TOKEN_TTL_SECONDS ?? 900);

export interface AccessTokenSubject {
  userId: string;
  tenantId: string;
  employeeId: string | null;
  roles: string[];
  /**
   * Effective permissions (built-in templates, custom roles, unexpired role assignments), as the
   * security subgraph computed them. Sent as `perms`; absent = expand `roles` from ROLE_TEMPLATES.
   */
  permissions?: string[];
  /** The session (refresh-token family) this token belongs to. */
  sessionId?: string;
}

export async function signAccessToken(subject: AccessTokenSubject): Promise<string> {
  const secrets = await loadSecrets();
  const key = await importPKCS8(secrets.jwtPrivateKey, ALG);
  return new SignJWT({
    tid: subject.tenantId,
    emp: subject.employeeId,
    roles: subject.roles,
    ...(subject.permissions ? { perms: subject.permissions } : {}),
    ...(subject.sessionId ? { sid: subject.sessionId } : {}),
  })
    .setProtectedHeader({ alg: ALG, kid: secrets.jwtKeyId, typ: 'JWT' })
    .setSubject(subject.userId)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(key);
}

/** Verifies a bearer token; any failure is UNAUTHENTICATED without saying which check failed. */
export async function verifyAccessToken(token: string): Promise<Identity> {
  const secrets = await loadSecrets();
  try {
    const header = decodeProtectedHeader(token);
    if (header.kid !== secrets.jwtKeyId) throw new Error('unknown kid');
    const key = await importSPKI(secrets.jwtPublicKey, ALG);
    const { payload } = await jwtVerify(token, key, {
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      algorithms: [ALG],
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    const roles = Array.isArray(payload.roles) ? (payload.roles as string[]) : [];
    if (typeof payload.tid !== 'string' || !payload.sub) throw new Error('claims');
    return {
      kind: 'user',
      tenantId: payload.tid,
      userId: payload.sub,
      employeeId: typeof payload.emp === 'string' ? payload.emp : null,
      roles,
      permissions: Array.isArray(payload.perms)
        ? payload.perms.filter((p): p is string => typeof p === 'string')
        : permissionsForRoles(roles),
    };
  } catch {
    throw unauthenticated('Invalid or expired access token');
  }
}

/** The public key set, served by the gateway at /.well-known/jwks.json. */
export async function publicJwks(): Promise<{ keys: JWK[] }> {
  const secrets = await loadSecrets();
  const jwk = await exportJWK(await importSPKI(secrets.jwtPublicKey, ALG, { extractable: true }));
  return { keys: [{ ...jwk, kid: secrets.jwtKeyId, alg: ALG, use: 'sig' }] };
}
