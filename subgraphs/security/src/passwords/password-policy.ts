import type { FieldError } from '@wg/runtime';

/** Length bounds (PASSWORD_MIN_LENGTH overrides the minimum; never below 8). */
export const passwordMinLength = () => Math.max(8, Number(process.env.PASSWORD_MIN_LENGTH ?? 10) || 10);
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * The most common passwords of public breach corpora (top of the lists every cracker starts with),
 * plus product-specific guesses. Compared after lower-casing and stripping digits/symbols at the
 * ends, so "Password123!" counts as "password".
 */
const COMMON = new Set(
  `password passw0rd p@ssw0rd p@ssword passwort motdepasse contraseña 123456 1234567 12345678 123456789
  1234567890 0123456789 qwerty qwertyuiop qwerty123 azerty asdfgh asdfghjkl zxcvbnm 1q2w3e4r 1qaz2wsx
  abc123 abcdef abcdefgh iloveyou letmein welcome welcome1 admin administrator root toor changeme
  secret monkey dragon master sunshine princess football baseball shadow superman batman trustno1
  starwars whatever freedom hello hello123 login access flower charlie michael jennifer jordan
  hunter hunter2 killer soccer summer winter spring autumn computer internet samsung google
  default guest test testing tester demo sample example qazwsx mustang pokemon cheese
  workforce workforcegraph company employee manager`
    .split(/\s+/)
    .filter(Boolean),
);

const core = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKC')
    .replace(/^[^a-z]+|[^a-z]+$/g, '');

/** Runs of 4+ characters that go up or down by one ("1234", "abcd", "dcba") or repeat ("aaaa"). */
function trivialRun(p: string): boolean {
  if (/^(.)\1+$/.test(p)) return true;
  if (/(.)\1{5,}/.test(p)) return true;
  let up = 1;
  let down = 1;
  for (let i = 1; i < p.length; i++) {
    const d = p.charCodeAt(i) - p.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (up >= 6 || down >= 6) return true;
  }
  return false;
}

export interface PasswordContext {
  email?: string | null;
  displayName?: string | null;
}

/**
 * The password policy (NIST SP 800-63B style): long enough, not too long, not a known-breached
 * favourite, not built from the user's own email or name, not a trivial run. Returns the problems
 * as field errors for `field` (empty = acceptable).
 */
export function checkPassword(password: string, context: PasswordContext, field = 'password'): FieldError[] {
  const errors: FieldError[] = [];
  const min = passwordMinLength();
  if (typeof password !== 'string' || password.length < min) {
    errors.push({ field, message: `Must be at least ${min} characters` });
    return errors;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    errors.push({ field, message: `Must be at most ${PASSWORD_MAX_LENGTH} characters` });
    return errors;
  }
  const lower = password.toLowerCase().normalize('NFKC');
  const squashed = lower.replace(/[^a-z0-9]/g, '');
  if (COMMON.has(core(password)) || COMMON.has(squashed)) {
    errors.push({ field, message: 'This password is too common: it appears in breached-password lists' });
    return errors;
  }
  const personal = [
    ...(context.email ?? '')
      .toLowerCase()
      .split('@')[0]!
      .split(/[^a-z0-9]+/),
    (context.email ?? '')
      .toLowerCase()
      .split('@')[0]!
      .replace(/[^a-z0-9]/g, ''),
    ...(context.displayName ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u),
  ].filter((part) => part.length >= 4);
  if (personal.some((part) => lower.includes(part) || squashed.includes(part))) {
    errors.push({ field, message: 'Must not contain your email address or name' });
    return errors;
  }
  if (trivialRun(lower) || new Set(lower).size < 4) {
    errors.push({ field, message: 'Too predictable: avoid repeated or sequential characters' });
  }
  return errors;
}
