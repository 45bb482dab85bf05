/** Tunables, read per call so tests (and operators) can change them through the environment. */
const int = (name: string, fallback: number, min = 1) => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v >= min ? v : fallback;
};

/** LOCKOUT_THRESHOLD failures within LOCKOUT_WINDOW_MINUTES lock the account for LOCKOUT_DURATION_MINUTES. */
export const lockoutConfig = () => ({
  threshold: int('LOCKOUT_THRESHOLD', 5),
  windowMs: int('LOCKOUT_WINDOW_MINUTES', 15) * 60_000,
  durationMs: int('LOCKOUT_DURATION_MINUTES', 15) * 60_000,
});

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const mfaChallengeTtlMs = () => int('MFA_CHALLENGE_TTL_SECONDS', 300) * 1000;
/** Wrong codes an MFA challenge survives before it is burnt (they also count towards lockout). */
export const MFA_CHALLENGE_MAX_ATTEMPTS = 5;
export const passwordResetTtlMs = () => int('PASSWORD_RESET_TTL_MINUTES', 60) * 60_000;
export const invitationTtlMs = () => int('INVITATION_TTL_HOURS', 7 * 24) * 3_600_000;
