/**
 * The cache both credential verifiers (API keys, bearer sessions) keep in front of the security
 * subgraph: answers for a short TTL, one lookup in flight per key, and eviction on a revocation
 * notice that also wins against a lookup racing it (an answer fetched before the notice must not be
 * cached after it). What an entry may be trusted for beyond "not expired" is the verifier's rule.
 */
export interface CachedAnswer<V> {
  value: V;
  /** When the security subgraph gave this answer. */
  fetchedAt: number;
  until: number;
}

export class RevocableCache<V> {
  private readonly entries = new Map<string, CachedAnswer<V>>();
  private readonly inflight = new Map<string, Promise<V>>();

  constructor(
    private readonly now: () => number,
    /** How long an answer lives (per answer: a negative one may live shorter). */
    private readonly ttlFor: (value: V) => number,
    /** Expired entries are swept once the map grows past this. */
    private readonly sweepAbove = 100_000,
  ) {}

  /**
   * The cached answer when `trusted` accepts it (default: not expired), else the one lookup in
   * flight for `key`, else a new `fetch`. A failed fetch is not cached.
   */
  get(
    key: string,
    fetch: () => Promise<V>,
    trusted: (entry: CachedAnswer<V>) => boolean = (entry) => entry.until > this.now(),
  ): Promise<V> {
    const cached = this.entries.get(key);
    if (cached && trusted(cached)) return Promise.resolve(cached.value);
    let pending = this.inflight.get(key);
    if (!pending) {
      const current = fetch();
      pending = current;
      this.inflight.set(key, current);
      current
        .then((value) => {
          // Only cache if no notice cleared the in-flight marker meanwhile.
          if (this.inflight.get(key) !== current) return;
          const fetchedAt = this.now();
          this.entries.set(key, { value, fetchedAt, until: fetchedAt + this.ttlFor(value) });
        })
        .catch(() => {})
        .finally(() => {
          if (this.inflight.get(key) === current) this.inflight.delete(key);
        });
      if (this.entries.size > this.sweepAbove) this.sweep();
    }
    return pending;
  }

  /** Evicts the entries `matches` names, and forgets every lookup in flight (it may predate the notice). */
  evict(matches: (key: string, value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(key, entry.value)) this.entries.delete(key);
    this.inflight.clear();
  }

  /** Evicts everything (a notice that cannot be read, or shutdown). */
  clear(): void {
    this.entries.clear();
    this.inflight.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep() {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
  }
}
