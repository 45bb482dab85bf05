import { randomUUID } from 'node:crypto';
import {
  type ClientInfo,
  type Identity,
  INTERNAL_TOKEN_HEADER,
  signInternalToken,
  UNKNOWN_CLIENT,
} from '@wg/runtime/auth';

/** The gateway acting for itself (API-key lookups, access-log writes): no tenant, no user. */
export const SYSTEM_IDENTITY: Identity = Object.freeze({
  kind: 'system',
  tenantId: null,
  userId: null,
  employeeId: null,
  roles: [],
  permissions: [],
}) as Identity;

/** The subgraph answered, with a GraphQL error (as opposed to a transport failure). */
export class SystemCallError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'SystemCallError';
  }
}

export interface SystemCall {
  query: string;
  variables?: Record<string, unknown>;
  /** The request this call serves (its id and client go into the internal token). */
  requestId?: string;
  client?: ClientInfo;
}

/**
 * Calls a subgraph directly with a `system` internal token, for the `@inaccessible` fields that
 * exist for the gateway only. Throws on transport errors and on GraphQL errors.
 */
export class SystemClient {
  constructor(
    private readonly url: () => string | undefined,
    private readonly timeoutMs = 5_000,
  ) {}

  async request<T>({ query, variables, requestId, client }: SystemCall): Promise<T> {
    const url = this.url();
    if (!url) throw new Error('security subgraph URL is not known yet');
    const rid = requestId ?? randomUUID();
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [INTERNAL_TOKEN_HEADER]: await signInternalToken(SYSTEM_IDENTITY, rid, 60, client ?? UNKNOWN_CLIENT),
        'x-request-id': rid,
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = (await res.json()) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    if (body.errors?.length) {
      const first = body.errors[0];
      throw new SystemCallError(
        `security subgraph: ${first?.extensions?.code ?? 'ERROR'} ${first?.message ?? ''}`,
        first?.extensions?.code ?? null,
      );
    }
    if (!body.data) throw new Error(`security subgraph answered HTTP ${res.status} without data`);
    return body.data;
  }
}
