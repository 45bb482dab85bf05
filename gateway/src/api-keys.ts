import { createHash } from 'node:crypto';
import type { ClientInfo, Identity } from '@wg/runtime/auth';
import { unauthenticated } from '@wg/runtime/errors';
import type { Bus } from '@wg/runtime/events';
import { rootLogger } from '@wg/runtime/logger';
import type { SystemClient } from './system-client';

/** The transient bus channel on which the security subgraph announces a revoked key. */
export const API_KEY_REVOKED_CHANNEL = 'security.api_key_revoked';

export interface ApiKeyIdentity {
  tenantId: string;
  apiKeyId: string;
  name: string;
  permissions: string[];
  expiresAt: string | null;
}

export interface VerifiedApiKey {
  identity: Identity;
  apiKeyId: string;
  name: string;
}

const LOOKUP = /* GraphQL */ `
  query GatewayApiKeyIdentity($secret: String!) {
    apiKeyIdentity(secret: $secret) {
      tenantId
      apiKeyId
      name
      permissions
      expiresAt
    }
  }
`;

interface Entry {
  key: ApiKeyIdentity | null;
  until: number;
}

/** Failed lookups are remembered briefly, so a key-guessing loop does not become a DB loop. */
const NEGATIVE_TTL_MS = 5_000;

/**
 * Verifies `x-api-key` secrets through the security subgraph (which stores only their SHA-256),
 * caching answers for a short TTL under the SHA-256 of the secret — the secret itself is never
 * kept. A revocation notice on the bus evicts the key at once, so a revoked key fails on the very
 * next request even within the TTL.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<ApiKeyIdentity | null>>();
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly log = rootLogger.child({ service: 'gateway', component: 'api-keys' });

  constructor(
    private readonly client: SystemClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Listens for revocations; call once. */
  async listen(bus: Bus): Promise<void> {
    this.unsubscribe = await bus.subscribeTransient(API_KEY_REVOKED_CHANNEL, (message) =>
      this.onRevoked(message),
    );
  }

  /** Evicts what a revocation notice names; a notice we cannot read empties the cache (fail safe). */
  onRevoked(message: unknown): void {
    const m = (message ?? {}) as Record<string, unknown>;
    const ids = [m.apiKeyId, m.id].filter((v): v is string => typeof v === 'string');
    const hashes = [m.secretHash, m.keyHash, m.hash].filter((v): v is string => typeof v === 'string');
    if (ids.length === 0 && hashes.length === 0) {
      this.cache.clear();
      return;
    }
    for (const h of hashes) this.cache.delete(h);
    for (const [h, entry] of this.cache)
      if (entry.key && ids.includes(entry.key.apiKeyId)) this.cache.delete(h);
    // A lookup racing the revocation must not re-insert the old answer.
    for (const h of this.inflight.keys()) this.inflight.delete(h);
  }

  static hash(secret: string): string {
    return createHash('sha256').update(secret, 'utf8').digest('hex');
  }

  /** The identity for a key, or UNAUTHENTICATED (unknown, revoked or expired — not said which). */
  async verify(secret: string, requestId: string, client: ClientInfo): Promise<VerifiedApiKey> {
    const key = await this.lookup(secret, requestId, client);
    if (!key || (key.expiresAt && Date.parse(key.expiresAt) <= this.now())) {
      throw unauthenticated('Invalid API key');
    }
    return {
      apiKeyId: key.apiKeyId,
      name: key.name,
      identity: {
        kind: 'apiKey',
        tenantId: key.tenantId,
        userId: null,
        employeeId: null,
        roles: [],
        permissions: [...key.permissions].sort(),
      },
    };
  }

  private async lookup(
    secret: string,
    requestId: string,
    client: ClientInfo,
  ): Promise<ApiKeyIdentity | null> {
    const hash = ApiKeyVerifier.hash(secret);
    const cached = this.cache.get(hash);
    if (cached && cached.until > this.now()) return cached.key;
    let pending = this.inflight.get(hash);
    if (!pending) {
      pending = this.fetch(secret, requestId, client);
      this.inflight.set(hash, pending);
      pending
        .then((key) => {
          // Only cache if no revocation cleared the in-flight marker meanwhile.
          if (this.inflight.get(hash) === pending) {
            this.cache.set(hash, { key, until: this.now() + (key ? this.ttlMs : NEGATIVE_TTL_MS) });
          }
        })
        .catch(() => {})
        .finally(() => {
          if (this.inflight.get(hash) === pending) this.inflight.delete(hash);
        });
    }
    return pending;
  }

  private async fetch(secret: string, requestId: string, client: ClientInfo): Promise<ApiKeyIdentity | null> {
    try {
      const data = await this.client.request<{ apiKeyIdentity: ApiKeyIdentity | null }>({
        query: LOOKUP,
        variables: { secret },
        requestId,
        client,
      });
      return data.apiKeyIdentity;
    } catch (err) {
      // Never a silent pass: an unreachable security subgraph means the key cannot be verified.
      this.log.error({ err, requestId }, 'API key lookup failed');
      throw unauthenticated('API key could not be verified');
    }
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
    this.cache.clear();
  }
}
