import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { loadSecrets } from '@wg/runtime';

/** SHA-256 in hex: how every bearer secret (refresh token, reset token, API key, backup code) is stored. */
export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

/** 256 random bits, base64url (43 characters): unguessable, so a fast hash is enough to store it. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Constant-time comparison of two strings of possibly different length. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * AES-256-GCM with FIELD_ENCRYPTION_KEY, for secrets we must read back (TOTP seeds). Stored as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url); the user id is bound as associated data, so a
 * ciphertext copied onto another user's row does not decrypt.
 */
export async function encryptField(plaintext: string, boundTo: string): Promise<string> {
  const key = Buffer.from((await loadSecrets()).fieldEncryptionKey, 'base64');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export async function decryptField(stored: string, boundTo: string): Promise<string> {
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Malformed encrypted field');
  const key = Buffer.from((await loadSecrets()).fieldEncryptionKey, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
