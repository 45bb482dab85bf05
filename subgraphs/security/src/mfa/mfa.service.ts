import type { Tx } from '@wg/db';
import { auditLog, mfaBackupCodes, users } from '@wg/db/security';
import { badInput, conflict, forbidden, recordAudit } from '@wg/runtime';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { decryptField, encryptField, sha256Hex } from '../common/crypto';
import type { SecurityContext } from '../loaders';
import { recordFailedAttempt } from '../sessions/session.service';
import { verifyPassword } from '../users/password';
import type { MfaBackupCodes, MfaEnrolment } from './mfa.type';
import { enrolmentArtifacts, newBackupCodes, newTotpSecret, normaliseBackupCode, verifyTotp } from './totp';

interface MfaUser {
  id: string;
  tenantId: string;
  mfaSecret: string | null;
  mfaLastStep: number | null;
}

/**
 * Checks a second factor inside the user's transaction: a current TOTP code (not a replay of
 * the last accepted step) or an unused backup code, which is spent. Null when neither.
 */
export async function verifySecondFactor(
  tx: Tx,
  user: MfaUser,
  code: string,
): Promise<'totp' | 'backup' | null> {
  if (!user.mfaSecret) return null;
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const step = verifyTotp(await decryptField(user.mfaSecret, user.id), trimmed);
    if (step === null || (user.mfaLastStep !== null && step <= user.mfaLastStep)) return null;
    await tx.update(users).set({ mfaLastStep: step }).where(eq(users.id, user.id));
    return 'totp';
  }
  const backup = normaliseBackupCode(trimmed);
  if (!backup) return null;
  const [spent] = await tx
    .update(mfaBackupCodes)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(mfaBackupCodes.userId, user.id),
        eq(mfaBackupCodes.codeHash, sha256Hex(backup)),
        isNull(mfaBackupCodes.usedAt),
      ),
    )
    .returning({ id: mfaBackupCodes.id });
  return spent ? 'backup' : null;
}

/** Self-service only: a person enrols their own authenticator (API keys and other users cannot). */
function selfUserId(ctx: SecurityContext): string {
  ctx.tenantId();
  if (ctx.identity.kind !== 'user' || !ctx.identity.userId) throw forbidden();
  return ctx.identity.userId;
}

/**
 * Re-authentication before changing MFA: the caller's password (a wrong one counts towards
 * lockout, as at login) and MFA switched on.
 */
async function reauthenticateWithMfa(
  ctx: SecurityContext,
  password: string,
  purpose: 'mfa_disable' | 'backup_codes',
): Promise<{ userId: string; tenantId: string }> {
  const userId = selfUserId(ctx);
  const tenantId = ctx.tenantId();
  const [row] = await ctx.tx((tx) =>
    tx
      .select({ passwordHash: users.passwordHash, mfaEnabledAt: users.mfaEnabledAt })
      .from(users)
      .where(eq(users.id, userId)),
  );
  if (!row) throw forbidden();
  if (!row.passwordHash || !(await verifyPassword(password, row.passwordHash))) {
    await recordFailedAttempt(ctx, { tenantId, userId, requestId: ctx.requestId }, purpose);
    throw badInput([{ field: 'password', message: 'Incorrect password' }]);
  }
  if (!row.mfaEnabledAt) throw conflict('MFA is not enabled');
  return { userId, tenantId };
}

async function replaceBackupCodes(tx: Tx, user: { id: string; tenantId: string }): Promise<string[]> {
  const codes = newBackupCodes();
  await tx.delete(mfaBackupCodes).where(eq(mfaBackupCodes.userId, user.id));
  await tx
    .insert(mfaBackupCodes)
    .values(codes.map((c) => ({ tenantId: user.tenantId, userId: user.id, codeHash: sha256Hex(c) })));
  return codes;
}

export const mfaService = {
  /** Starts (or restarts) enrolment: a new secret, kept pending until `confirm`. CONFLICT when MFA is on. */
  async enrol(ctx: SecurityContext): Promise<MfaEnrolment> {
    const userId = selfUserId(ctx);
    const secret = newTotpSecret();
    return ctx.tx(async (tx) => {
      const [user] = await tx
        .select({
          id: users.id,
          tenantId: users.tenantId,
          email: users.email,
          mfaEnabledAt: users.mfaEnabledAt,
        })
        .from(users)
        .where(eq(users.id, userId))
        .for('update');
      if (!user) throw forbidden();
      if (user.mfaEnabledAt)
        throw conflict('MFA is already enabled; disable it first to enrol a new authenticator');
      await tx
        .update(users)
        .set({ mfaPendingSecret: await encryptField(secret, user.id) })
        .where(eq(users.id, user.id));
      await recordAudit(tx, auditLog, [
        {
          tenantId: user.tenantId,
          actorId: userId,
          requestId: ctx.requestId,
          action: 'user.mfa_enrol',
          entityType: 'User',
          entityId: userId,
        },
      ]);
      const artifacts = await enrolmentArtifacts(secret, user.email);
      return {
        otpauthUri: artifacts.uri,
        secret,
        qrCodeSvg: artifacts.svg,
        qrCodeDataUrl: artifacts.dataUrl,
      };
    });
  },

  /** Proves the authenticator works; turns MFA on and returns ten fresh backup codes. */
  async confirm(ctx: SecurityContext, code: string): Promise<MfaBackupCodes> {
    const userId = selfUserId(ctx);
    if (!/^\d{6}$/.test(code.trim()))
      throw badInput([{ field: 'code', message: 'Must be the 6-digit code from your authenticator' }]);
    return ctx.tx(async (tx) => {
      const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
      if (!user) throw forbidden();
      if (user.mfaEnabledAt) throw conflict('MFA is already enabled');
      if (!user.mfaPendingSecret) throw conflict('No enrolment in progress: call enrolMfa first');
      const secret = await decryptField(user.mfaPendingSecret, user.id);
      const step = verifyTotp(secret, code.trim());
      if (step === null)
        throw badInput([
          { field: 'code', message: 'The code does not match; check the time on your device' },
        ]);
      await tx
        .update(users)
        .set({
          mfaSecret: user.mfaPendingSecret,
          mfaPendingSecret: null,
          mfaEnabledAt: sql`now()`,
          mfaLastStep: step,
        })
        .where(eq(users.id, userId));
      const backupCodes = await replaceBackupCodes(tx, user);
      await recordAudit(tx, auditLog, [
        {
          tenantId: user.tenantId,
          actorId: userId,
          requestId: ctx.requestId,
          action: 'user.mfa_enable',
          entityType: 'User',
          entityId: userId,
        },
      ]);
      return { backupCodes };
    });
  },

  /** Turns MFA off after re-authentication with the password (a wrong one counts towards lockout). */
  async disable(ctx: SecurityContext, password: string): Promise<boolean> {
    const { userId, tenantId } = await reauthenticateWithMfa(ctx, password, 'mfa_disable');
    return ctx.tx(async (tx) => {
      await tx
        .update(users)
        .set({ mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null })
        .where(eq(users.id, userId));
      await tx.delete(mfaBackupCodes).where(eq(mfaBackupCodes.userId, userId));
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: userId,
          requestId: ctx.requestId,
          action: 'user.mfa_disable',
          entityType: 'User',
          entityId: userId,
        },
      ]);
      return true;
    });
  },

  /** New set of ten backup codes (the old ones stop working), after re-authentication. */
  async regenerateBackupCodes(ctx: SecurityContext, password: string): Promise<MfaBackupCodes> {
    const { userId, tenantId } = await reauthenticateWithMfa(ctx, password, 'backup_codes');
    return ctx.tx(async (tx) => {
      const backupCodes = await replaceBackupCodes(tx, { id: userId, tenantId });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: userId,
          requestId: ctx.requestId,
          action: 'user.mfa_backup_codes',
          entityType: 'User',
          entityId: userId,
        },
      ]);
      return { backupCodes };
    });
  },

  async remainingBackupCodes(ctx: SecurityContext, userId: string): Promise<number> {
    const [r] = await ctx.tx((tx) =>
      tx
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(mfaBackupCodes)
        .where(and(eq(mfaBackupCodes.userId, userId), isNull(mfaBackupCodes.usedAt))),
    );
    return r?.n ?? 0;
  },
};
