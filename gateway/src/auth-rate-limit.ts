import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { rootLogger } from '@wg/runtime/logger';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  getArgumentValues,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { GatewayConfig } from './config';
import { rateLimitedError } from './errors';
import type { GatewayContext } from './guard-plugin';
import type { RateLimiter } from './rate-limit';

/**
 * The mutations that run a password derivation (scrypt) or check a secret that can be guessed
 * (MFA codes, refresh/reset/invitation tokens), and what identifies the account they target. An
 * argument name is read from the field's arguments (variables resolved); `caller` is the signed-in
 * user. Every occurrence counts, so aliasing `login` thirty times costs thirty.
 */
export const AUTH_FIELDS: Record<string, { account: string | 'caller' }> = {
  login: { account: 'email' },
  requestPasswordReset: { account: 'email' },
  resetPassword: { account: 'token' },
  acceptInvitation: { account: 'token' },
  completeMfaLogin: { account: 'challenge' },
  refreshSession: { account: 'refreshToken' },
  changePassword: { account: 'caller' },
  confirmMfa: { account: 'caller' },
  disableMfa: { account: 'caller' },
  regenerateMfaBackupCodes: { account: 'caller' },
};

export interface AuthCharge {
  field: string;
  /** SHA-256 of what names the account (never the email or a token itself in the store). */
  account: string | null;
}

/** Root fields of a mutation (through inline fragments and fragment spreads) that are authentication steps. */
export function authCharges(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  callerId: string | null,
): AuthCharge[] {
  if (operation.operation !== 'mutation') return [];
  const mutation = schema.getMutationType();
  if (!mutation) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) fields.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  const charges: AuthCharge[] = [];
  for (const node of fields) {
    const spec = AUTH_FIELDS[node.name.value];
    const def = mutation.getFields()[node.name.value];
    if (!spec || !def) continue;
    let value: unknown = null;
    if (spec.account === 'caller') value = callerId;
    else {
      try {
        value = getArgumentValues(def, node, variables ?? {})[spec.account];
      } catch {
        value = null; // bad arguments fail validation downstream; the address is still charged
      }
    }
    const normalised = typeof value === 'string' ? value.trim().toLowerCase() : null;
    charges.push({
      field: node.name.value,
      account: normalised
        ? createHash('sha256').update(`${spec.account}:${normalised}`).digest('hex').slice(0, 32)
        : null,
    });
  }
  return charges;
}

/**
 * Rate limits on authentication, checked at the gateway before the operation is planned — so
 * before the security subgraph runs any key derivation. Each authentication field is charged
 * one point to the client address (`RATE_LIMIT_AUTH_IP` per window) and one to the account it
 * names (`RATE_LIMIT_AUTH_ACCOUNT`): a flood from one address and a distributed guess at one
 * account both run into `RATE_LIMITED` with `retryAfterSeconds`. Same sliding-window store as
 * the general limit (Redis across replicas when REDIS_URL is set), separate keys.
 */
export function authRateLimitPlugin(options: {
  config: GatewayConfig;
  rateLimiter: RateLimiter;
}): ApolloServerPlugin<GatewayContext> {
  const { config, rateLimiter } = options;
  const log = rootLogger.child({ service: 'gateway', component: 'auth-rate-limit' });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request, operation, contextValue }) {
          if (!config.rateLimit.enabled || !operation) return;
          const charges = authCharges(
            schema,
            document,
            operation,
            request.variables,
            contextValue.identity.userId,
          );
          if (charges.length === 0) return;
          const ip = contextValue.client.ip ?? 'unknown';
          const accounts = new Map<string, number>();
          for (const c of charges) if (c.account) accounts.set(c.account, (accounts.get(c.account) ?? 0) + 1);
          try {
            const byIp = await rateLimiter.consume(`auth:ip:${ip}`, charges.length, config.rateLimit.authIp);
            if (!byIp.allowed) throw rateLimitedError(byIp.retryAfterSeconds, 'client address');
            for (const [account, n] of accounts) {
              const byAccount = await rateLimiter.consume(
                `auth:acct:${account}`,
                n,
                config.rateLimit.authAccount,
              );
              if (!byAccount.allowed) throw rateLimitedError(byAccount.retryAfterSeconds, 'account');
            }
          } catch (err) {
            if ((err as { extensions?: { code?: string } }).extensions?.code === 'RATE_LIMITED') throw err;
            // Same rule as the general limit: a store outage serves rather than fails (the
            // security subgraph still bounds concurrent derivations and locks accounts).
            log.error(
              { err, requestId: contextValue.requestId },
              'rate-limit store unavailable; login not limited',
            );
          }
        },
      };
    },
  };
}
