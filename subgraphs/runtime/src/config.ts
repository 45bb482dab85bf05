import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';

/** Where the embedded database and generated development secrets live. */
export const dataDir = () => process.env.DATA_DIR ?? join(process.cwd(), '.data');

export const isProduction = () => process.env.NODE_ENV === 'production';

export interface Secrets {
  /** HS256 key for the gateway -> subgraph internal token. */
  internalJwtSecret: string;
  /** Ed25519 PEM pair for user access tokens (security signs, gateway verifies). */
  jwtPrivateKey: string;
  jwtPublicKey: string;
  jwtKeyId: string;
  /** 32-byte AES-256-GCM key (base64) for sensitive fields. */
  fieldEncryptionKey: string;
}

let cached: Promise<Secrets> | undefined;

/**
 * Secrets come from the environment. In development, missing ones are generated once, written to
 * `$DATA_DIR/dev-secrets.json` (so separately started processes agree) and announced with a warning.
 * In production a missing secret is a start-up error.
 */
export function loadSecrets(): Promise<Secrets> {
  cached ??= resolveSecrets();
  return cached;
}

async function resolveSecrets(): Promise<Secrets> {
  const env = process.env;
  // Unset variables arrive as undefined: each one then falls back to a generated development secret.
  const fromEnv: { [K in keyof Secrets]?: Secrets[K] | undefined } = {
    internalJwtSecret: env.INTERNAL_JWT_SECRET,
    jwtPrivateKey: env.JWT_PRIVATE_KEY,
    jwtPublicKey: env.JWT_PUBLIC_KEY,
    jwtKeyId: env.JWT_KEY_ID,
    fieldEncryptionKey: env.FIELD_ENCRYPTION_KEY,
  };
  // A malformed key would otherwise surface only at the first sensitive-field read or write.
  if (fromEnv.fieldEncryptionKey && !isFieldKey(fromEnv.fieldEncryptionKey)) {
    throw new Error(
      'FIELD_ENCRYPTION_KEY must be a 32-byte AES-256 key, base64 (44 chars) or hex (64 chars)',
    );
  }
  const missing = (Object.keys(fromEnv) as (keyof Secrets)[]).filter((k) => !fromEnv[k] && k !== 'jwtKeyId');
  if (missing.length === 0) return { ...(fromEnv as Secrets), jwtKeyId: fromEnv.jwtKeyId ?? 'primary' };
  if (isProduction()) {
    throw new Error(`Missing required secrets in production: ${missing.join(', ')}`);
  }
  const file = join(dataDir(), 'dev-secrets.json');
  let dev: Secrets;
  if (existsSync(file)) {
    dev = JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  } else {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    dev = {
      internalJwtSecret: randomBytes(32).toString('base64'),
      jwtPrivateKey: await exportPKCS8(privateKey),
      jwtPublicKey: await exportSPKI(publicKey),
      jwtKeyId: `dev-${randomBytes(4).toString('hex')}`,
      fieldEncryptionKey: randomBytes(32).toString('base64'),
    };
    mkdirSync(dataDir(), { recursive: true });
    writeFileSync(file, JSON.stringify(dev, null, 2), { mode: 0o600 });
  }
  process.emitWarning(
    `Using generated development secrets for ${missing.join(', ')} (${file}). Set them in the environment for production.`,
  );
  return {
    internalJwtSecret: fromEnv.internalJwtSecret ?? dev.internalJwtSecret,
    jwtPrivateKey: fromEnv.jwtPrivateKey ?? dev.jwtPrivateKey,
    jwtPublicKey: fromEnv.jwtPublicKey ?? dev.jwtPublicKey,
    jwtKeyId: fromEnv.jwtKeyId ?? dev.jwtKeyId,
    fieldEncryptionKey: fromEnv.fieldEncryptionKey ?? dev.fieldEncryptionKey,
  };
}

/** 32 bytes as hex or base64 (the forms crypto/field-encryption accepts). */
function isFieldKey(key: string): boolean {
  const k = key.trim();
  if (/^[0-9a-fA-F]{64}$/.test(k)) return true;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(k) && Buffer.from(k, 'base64').length === 32;
}

/** For tests: use these secrets instead of the environment / generated ones. */
export function setSecretsForTesting(secrets: Secrets): void {
  cached = Promise.resolve(secrets);
}
