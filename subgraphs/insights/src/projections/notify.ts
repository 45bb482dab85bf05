import type { Bus } from '@wg/runtime';

/** Transient bus channel on which insights announces changed projections (see the contract doc). */
export const ANALYTICS_CHANGED_CHANNEL = 'analytics.changed';

/** A part of a tenant's analytics whose numbers may have changed. */
export type AnalyticsScope =
  | { kind: 'company' }
  | { kind: 'department'; id: string }
  | { kind: 'employee'; id: string }
  | { kind: 'project'; id: string };

/** The message on `analytics.changed`: one per consumer batch per tenant, after commit. */
export interface AnalyticsChanged {
  tenantId: string;
  /** Deduplicated; always contains `{ kind: 'company' }`. */
  scopes: AnalyticsScope[];
  /** When the change committed (ISO-8601). */
  at: string;
}

/** Collects the scopes one batch touched, deduplicated. */
export class ChangedScopes {
  private readonly keys = new Set<string>();
  readonly list: AnalyticsScope[] = [];

  add(kind: 'department' | 'employee' | 'project', id: string | null | undefined): void {
    if (!id) return;
    const key = `${kind}:${id}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.list.push({ kind, id });
  }

  get size(): number {
    return this.list.length;
  }
}

export function changedMessage(tenantId: string, scopes: AnalyticsScope[]): AnalyticsChanged {
  return { tenantId, scopes: [{ kind: 'company' }, ...scopes], at: new Date().toISOString() };
}

/** Publishes the notice; a failure is the caller's to log (the projection change is already durable). */
export function publishChanged(bus: Bus, tenantId: string, scopes: AnalyticsScope[]): Promise<void> {
  return bus.publishTransient(ANALYTICS_CHANGED_CHANNEL, changedMessage(tenantId, scopes));
}
