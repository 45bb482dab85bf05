// @wg/runtime/auth — identities, permission scopes and the two token kinds. No GraphQL, no
// database: the gateway authenticates with this entry alone.
export * from './access-token';
export * from './identity';
export * from './internal-token';
export * from './permissions';
