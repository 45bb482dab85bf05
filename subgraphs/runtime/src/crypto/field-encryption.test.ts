import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createFieldCipher, maskTail, parseFieldKey } from './field-encryption';

const key = randomBytes(32).toString('base64');

describe('field encryption (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV every time', () => {
    const cipher = createFieldCipher(key);
    const a = cipher.encrypt('123-45-6789', 'ctx');
    const b = cipher.encrypt('123-45-6789', 'ctx');
    expect(a).toMatch(/^v1\./);
    expect(a).not.toBe(b);
    expect(a).not.toContain('6789');
    expect(cipher.decrypt(a, 'ctx')).toBe('123-45-6789');
  });

  it('refuses a ciphertext moved to another context, a tampered one, or another key', () => {
    const cipher = createFieldCipher(key);
    const stored = cipher.encrypt('GB29 NWBK', 'tenant-a/e1/bankAccount');
    expect(() => cipher.decrypt(stored, 'tenant-b/e1/bankAccount')).toThrow();
    const [v, iv, tag, data] = stored.split('.');
    const flipped = `${v}.${iv}.${tag}.${data!.slice(0, -2)}${data!.endsWith('A') ? 'B' : 'A'}${data!.slice(-1)}`;
    expect(() => cipher.decrypt(flipped, 'tenant-a/e1/bankAccount')).toThrow();
    expect(() => createFieldCipher(randomBytes(32)).decrypt(stored, 'tenant-a/e1/bankAccount')).toThrow();
    expect(() => cipher.decrypt('plain text', 'x')).toThrow('Unrecognised encrypted field format');
  });

  it('accepts 32-byte keys as base64 or hex only', () => {
    expect(parseFieldKey(randomBytes(32).toString('hex'))).toHaveLength(32);
    expect(parseFieldKey(key)).toHaveLength(32);
    expect(() => parseFieldKey(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });

  it('masks all but the last four characters', () => {
    expect(maskTail('123-45-6789', '***-**-')).toBe('***-**-6789');
    expect(maskTail(null, '***')).toBeNull();
  });
});

describe('FIELD_ENCRYPTION_KEY at start-up', () => {
  it('rejects a malformed key before anything runs', async () => {
    const saved = process.env.FIELD_ENCRYPTION_KEY;
    process.env.FIELD_ENCRYPTION_KEY = 'too-short';
    // A fresh copy of the module, so nothing cached from other tests answers.
    vi.resetModules();
    const { loadSecrets } = await import('../config');
    try {
      await expect(loadSecrets()).rejects.toThrow('FIELD_ENCRYPTION_KEY must be a 32-byte');
    } finally {
      if (saved === undefined) delete process.env.FIELD_ENCRYPTION_KEY;
      else process.env.FIELD_ENCRYPTION_KEY = saved;
    }
  });
});
