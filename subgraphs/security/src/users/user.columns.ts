import { users } from '@wg/db/security';
import { getTableColumns } from 'drizzle-orm';

/**
 * Every column of `users` except the password hash and the TOTP secrets: what reads select, so
 * no credential sits in a loader cache, an audit row or an event.
 */
const {
  passwordHash: _hash,
  mfaSecret: _mfa,
  mfaPendingSecret: _pending,
  ...publicColumns
} = getTableColumns(users);
export const userColumns = publicColumns;
