import { createHash, randomUUID } from 'node:crypto';
import type { ClientInfo, Identity } from '@wg/runtime/auth';
import { unauthenticated } from '@wg/runtime/errors';
import type { Bus } from '@wg/runtime/events';
import { rootLogger } from '@wg/runtime/logger';
import { type CachedAnswer, RevocableCache } from './revocable-cache';
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

/** Failed lookups are remembered briefly, so a key-guessing loop does not become a DB loop. */
const NEGATIVE_TTL_MS = 5_000;

export interface ApiKeyVerifierOptions {
  /**
   * How old a cached answer may be while revocation notices are not known to arrive (the bus is
   * down, or was since the answer was cached): older ones are asked again, and refused if the
   * security subgraph cannot answer. `API_KEY_UNCONFIRMED_MAX_AGE_MS`, default 5 s.
   */
  unconfirmedMaxAgeMs?: number;
  /** How often the verifier checks that its revocation channel delivers (default 1 s). */
  heartbeatMs?: number;
}

/** A heartbeat on the revocation channel: proves notices reach this process. */
interface Heartbeat {
  heartbeat: string;
  sentAt: number;
}

/**
 * Verifies `x-api-key` secrets through the security subgraph (which stores only their SHA-256),
 * caching answers for a short TTL under the SHA-256 of the secret — the secret itself is never
 * kept. A revocation notice on the bus evicts the key at once, so a revoked key fails on the very
 * next request even within the TTL.
 *
 * The TTL is only safe while notices arrive. The verifier publishes a heartbeat on the revocation
 * channel every `heartbeatMs` and listens for its own: while they come back the channel is
 * confirmed. When it is not (Redis down, or the heartbeat is late), or was not continuously since an
 * answer was cached (a revocation sent during an outage is lost with it), a cached answer older
 * than `unconfirmedMaxAgeMs` is not trusted: the key is asked again, and refused if that fails
 * (fail closed). So a key revoked while the bus is down stops working within that bound.
 */
export class ApiKeyVerifier {
  private readonly cache: RevocableCache<ApiKeyIdentity | null>;
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly log = rootLogger.child({ service: 'gateway', component: 'api-keys' });
  private readonly instance = randomUUID();
  private readonly unconfirmedMaxAgeMs: number;
  private readonly heartbeatMs: number;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private pingSentAt: number | null = null;
  /** Send time of the first heartbeat of the current unbroken run (null: channel not confirmed). */
  private confirmedSince: number | null = null;
  /** Send time of the newest heartbeat heard. */
  private lastHeard = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly client: SystemClient,
    ttlMs: number,
    private readonly now: () => number = Date.now,
    options: ApiKeyVerifierOptions = {},
  ) {
    this.cache = new RevocableCache(now, (key) => (key ? ttlMs : NEGATIVE_TTL_MS));
    this.unconfirmedMaxAgeMs =
      options.unconfirmedMaxAgeMs ?? Number(process.env.API_KEY_UNCONFIRMED_MAX_AGE_MS ?? 5_000);
    this.heartbeatMs = options.heartbeatMs ?? 1_000;
  }

  /** Listens for revocations and starts the channel heartbeat; call once. */
  async listen(bus: Bus): Promise<void> {
    this.unsubscribe = await bus.subscribeTransient(API_KEY_REVOKED_CHANNEL, (message) =>
      this.onRevoked(message),
    );
    const beat = () => {
      const t = this.now();
      // One heartbeat in flight at a time; a publish stuck on a dead connection is given up on.
      if (this.pingSentAt !== null && t - this.pingSentAt < 5 * this.heartbeatMs) return;
      this.pingSentAt = t;
      const sent = t;
      bus
        .publishTransient(API_KEY_REVOKED_CHANNEL, {
          heartbeat: this.instance,
          sentAt: sent,
        } satisfies Heartbeat)
        .catch(() => undefined)
        .finally(() => {
          if (this.pingSentAt === sent) this.pingSentAt = null;
        });
    };
    beat();
    this.heartbeatTimer = setInterval(beat, this.heartbeatMs);
    this.heartbeatTimer.unref?.();
  }

  /** Whether revocation notices are known to reach this process right now. */
  get revocationsConfirmed(): boolean {
    return this.confirmedSince !== null && this.now() - this.lastHeard <= 3 * this.heartbeatMs;
  }

  private onHeartbeat(sentAt: number) {
    // A gap longer than a few beats means notices may have been lost: a new run starts here.
    if (!this.revocationsConfirmed || sentAt - this.lastHeard > 3 * this.heartbeatMs) {
      this.confirmedSince = sentAt;
    }
    this.lastHeard = Math.max(this.lastHeard, sentAt);
  }

  /** May this cached answer be used without asking the security subgraph again? */
  private trusted(entry: CachedAnswer<ApiKeyIdentity | null>): boolean {
    const t = this.now();
    if (entry.until <= t) return false;
    if (t - entry.fetchedAt <= this.unconfirmedMaxAgeMs) return true;
    // Older answers only while every notice since they were fetched is known to have arrived.
    return this.revocationsConfirmed && (this.confirmedSince ?? Number.POSITIVE_INFINITY) <= entry.fetchedAt;
  }

  /** Evicts what a revocation notice names; a notice we cannot read empties the cache (fail safe). */
  onRevoked(message: unknown): void {
    const m = (message ?? {}) as Record<string, unknown>;
    if (typeof m.heartbeat === 'string') {
      // Our own heartbeat proves the channel; other gateways' are theirs.
      if (m.heartbeat === this.instance && typeof m.sentAt === 'number') this.onHeartbeat(m.sentAt);
      return;
    }
    const ids = [m.apiKeyId, m.id].filter((v): v is string => typeof v === 'string');
    const hashes = [m.secretHash, m.keyHash, m.hash].filter((v): v is string => typeof v === 'string');
    // A lookup racing the revocation must not re-insert the old answer: both forget what is in flight.
    if (ids.length === 0 && hashes.length === 0) this.cache.clear();
    else this.cache.evict((hash, key) => hashes.includes(hash) || (!!key && ids.includes(key.apiKeyId)));
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
    return this.cache.get(
      ApiKeyVerifier.hash(secret),
      () => this.fetch(secret, requestId, client),
      (entry) => this.trusted(entry),
    );
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
    clearInterval(this.heartbeatTimer);
    await this.unsubscribe?.();
    this.cache.clear();
  }
}
