/**
 * The one id check, for the gateway and every subgraph. Dependency-free on purpose: the gateway
 * imports it (`@wg/runtime/ids`) without loading zod, type-graphql or a database driver.
 *
 * The shape PostgreSQL's `uuid` type accepts in canonical form (any version, so a hand-made id
 * such as the nil uuid is "unknown", not "malformed"). Check before casting input to `::uuid`:
 * a malformed id is NOT_FOUND / BAD_USER_INPUT or a skipped row, never a driver error — ids
 * arriving through `_entities` are arbitrary strings, and one bad cast fails the whole batch.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a string PostgreSQL takes as a uuid. */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID_PATTERN.test(value);
