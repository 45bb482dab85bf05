import { users } from '@wg/db/schema/security';
import { getTableColumns } from 'drizzle-orm';

/**
 * Every column of `users` except the password hash: what reads select, so the hash never sits in
 * a loader cache, an audit row or an event.
 */
const { passwordHash: _hash, ...publicColumns } = getTableColumns(users);
export const userColumns = publicColumns;
