import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { fieldCipher } from '@wg/runtime';

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
 * AES-256-GCM with FIELD_ENCRYPTION_KEY (the runtime's field cipher, as people's sensitive fields)
 * for secrets we must read back (TOTP seeds). The user id is bound as associated data, so a
 * ciphertext copied onto another user's row does not decrypt.
 */
export async function encryptField(plaintext: string, boundTo: string): Promise<string> {
  return (await fieldCipher()).encrypt(plaintext, boundTo);
}

export async function decryptField(stored: string, boundTo: string): Promise<string> {
  return (await fieldCipher()).decrypt(stored, boundTo);
}
