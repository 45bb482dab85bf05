import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { loadSecrets } from '../config';

/**
 * AES-256-GCM for sensitive columns (national id, bank account, emergency contact).
 *
 * Stored form: `v1.<iv>.<tag>.<ciphertext>` (base64url parts). A fresh 96-bit IV per value; the
 * 128-bit tag authenticates the ciphertext *and* a context string (tenant, record, field) passed
 * as additional authenticated data, so a ciphertext copied into another row or field fails to
 * decrypt instead of leaking there. The version prefix leaves room for key rotation.
 */
export interface FieldCipher {
  encrypt(plaintext: string, context: string): string;
  decrypt(stored: string, context: string): string;
}

const VERSION = 'v1';

/** Accepts the key as base64 (44 chars) or hex (64 chars); it must be exactly 32 bytes. */
export function parseFieldKey(key: string): Buffer {
  const trimmed = key.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32) {
    throw new Error('FIELD_ENCRYPTION_KEY must be 32 bytes, given as base64 or hex');
  }
  return bytes;
}

export function createFieldCipher(key: string | Buffer): FieldCipher {
  const secret = typeof key === 'string' ? parseFieldKey(key) : key;
  if (secret.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join(
        '.',
      );
    },
    decrypt(stored, context) {
      const [version, iv, tag, data] = stored.split('.');
      if (version !== VERSION || !iv || !tag || data === undefined) {
        throw new Error('Unrecognised encrypted field format');
      }
      const decipher = createDecipheriv('aes-256-gcm', secret, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

let cached: Promise<FieldCipher> | undefined;

/** The process-wide cipher, keyed by FIELD_ENCRYPTION_KEY (or the generated development key). */
export function fieldCipher(): Promise<FieldCipher> {
  cached ??= loadSecrets().then((s) => createFieldCipher(s.fieldEncryptionKey));
  return cached;
}

/** Masks all but the last `visible` characters of `value` in `pattern`'s shape, e.g. `***-**-1234`. */
export function maskTail(value: string | null | undefined, pattern: string, visible = 4): string | null {
  if (value === null || value === undefined) return null;
  const digits = value.replace(/[^0-9A-Za-z]/g, '');
  return `${pattern}${digits.slice(-visible)}`;
}
