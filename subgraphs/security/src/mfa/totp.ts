import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30 s. */
const PERIOD = 30;
const ISSUER = process.env.MFA_ISSUER ?? 'Workforce Graph';
/** Accept the previous and next step too: phones and servers drift. */
const WINDOW = 1;

const totpFor = (base32: string, label = 'user') =>
  new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(base32),
  });

/** A fresh 160-bit secret (RFC 4226 recommends ≥ 128 bits), base32. */
export const newTotpSecret = () => new Secret({ size: 20 }).base32;

export async function enrolmentArtifacts(base32: string, label: string) {
  const uri = totpFor(base32, label).toString();
  const [svg, dataUrl] = await Promise.all([
    QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2 }),
  ]);
  return { uri, svg, dataUrl };
}

/**
 * Checks a 6-digit code; returns the time step it matched (so the caller can refuse replays of
 * the same or an older step), or null.
 */
export function verifyTotp(base32: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(base32).validate({ token: code, window: WINDOW, timestamp: now });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}

/** For tests and tools: the code an authenticator would show at `now`. */
export const totpCode = (base32: string, now = Date.now()) => totpFor(base32).generate({ timestamp: now });

const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** Ten one-time codes like `k7m2p-x9q4r`: 50 bits each, easy to type, no 0/O/1/l confusion. */
export function newBackupCodes(n = 10): string[] {
  return Array.from({ length: n }, () => {
    const chars = Array.from({ length: 10 }, () => BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}

/** How users type backup codes: any case, with or without the dash or spaces. */
export const normaliseBackupCode = (code: string) => {
  const c = code.toLowerCase().replace(/[\s-]/g, '');
  return /^[a-z0-9]{10}$/.test(c) ? `${c.slice(0, 5)}-${c.slice(5)}` : null;
};
