import { verifyInternalToken } from '@wg/runtime/auth';
import { type Bus, InProcessBus } from '@wg/runtime/events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_KEY_REVOKED_CHANNEL, type ApiKeyIdentity, ApiKeyVerifier } from './api-keys';
import type { SystemCall, SystemClient } from './system-client';

const KEY: ApiKeyIdentity = {
  tenantId: '0190a0b0-0000-7000-8000-000000000001',
  apiKeyId: '0190a0b0-0000-7000-8000-0000000000aa',
  name: 'partner',
  permissions: ['employee:read:all', 'department:read:all'],
  expiresAt: null,
};

/** A stand-in for the security subgraph that counts lookups. */
function fakeSecurity(answer: () => ApiKeyIdentity | null) {
  const calls: SystemCall[] = [];
  const client = {
    async request<T>(call: SystemCall): Promise<T> {
      calls.push(call);
      return { apiKeyIdentity: answer() } as T;
    },
  } as unknown as SystemClient;
  return { client, calls };
}

const CLIENT = { ip: '203.0.113.9', userAgent: 'probe' };
let verifier: ApiKeyVerifier | undefined;
afterEach(async () => verifier?.close());

describe('ApiKeyVerifier', () => {
  it('maps a key to an apiKey identity with its scopes, and caches by hash', async () => {
    const { client, calls } = fakeSecurity(() => KEY);
    verifier = new ApiKeyVerifier(client, 60_000);
    const first = await verifier.verify('wgk_secret', 'r1', CLIENT);
    expect(first).toEqual({
      apiKeyId: KEY.apiKeyId,
      name: 'partner',
      identity: {
        kind: 'apiKey',
        tenantId: KEY.tenantId,
        userId: null,
        employeeId: null,
        roles: [],
        permissions: ['department:read:all', 'employee:read:all'],
      },
    });
    await verifier.verify('wgk_secret', 'r2', CLIENT);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.variables).toEqual({ secret: 'wgk_secret' });
    expect(calls[0]?.client).toEqual(CLIENT);
  });

  it('refuses unknown keys with UNAUTHENTICATED, remembering the miss briefly', async () => {
    const { client, calls } = fakeSecurity(() => null);
    verifier = new ApiKeyVerifier(client, 60_000);
    await expect(verifier.verify('nope', 'r', CLIENT)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(verifier.verify('nope', 'r', CLIENT)).rejects.toThrow();
    expect(calls).toHaveLength(1);
  });

  it('refuses a cached key once its expiry passes', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const { client } = fakeSecurity(() => ({ ...KEY, expiresAt: '2030-01-01T00:00:10Z' }));
    verifier = new ApiKeyVerifier(client, 60_000, () => now);
    await verifier.verify('k', 'r', CLIENT);
    now += 10_000;
    await expect(verifier.verify('k', 'r', CLIENT)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('evicts a key when the bus announces its revocation, so the next request asks again', async () => {
    let revoked = false;
    const { client, calls } = fakeSecurity(() => (revoked ? null : KEY));
    const bus = new InProcessBus();
    verifier = new ApiKeyVerifier(client, 60_000);
    await verifier.listen(bus);
    await verifier.verify('k', 'r', CLIENT);
    revoked = true;
    await bus.publishTransient(API_KEY_REVOKED_CHANNEL, {
      tenantId: KEY.tenantId,
      apiKeyId: KEY.apiKeyId,
      prefix: 'x',
    });
    await new Promise((r) => setTimeout(r, 10));
    await expect(verifier.verify('k', 'r', CLIENT)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(calls).toHaveLength(2);
    await bus.close();
  });

  it('fails closed when the security subgraph cannot answer', async () => {
    const client = {
      async request() {
        throw new Error('connection refused');
      },
    } as unknown as SystemClient;
    verifier = new ApiKeyVerifier(client, 60_000);
    await expect(verifier.verify('k', 'r', CLIENT)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('SystemClient', () => {
  it('sends a system internal token carrying the client address', async () => {
    const { createServer } = await import('node:http');
    const { SystemClient } = await import('./system-client');
    let token: string | undefined;
    const server = createServer((req, res) => {
      token = req.headers['x-internal-token'] as string;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { ok: 1 } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const client = new SystemClient(() => `http://127.0.0.1:${port}/graphql`);
      expect(await client.request({ query: '{ ok }', requestId: 'rid-1', client: CLIENT })).toEqual({
        ok: 1,
      });
      const verified = await verifyInternalToken(token);
      expect(verified.identity.kind).toBe('system');
      expect(verified.identity.tenantId).toBeNull();
      expect(verified.requestId).toBe('rid-1');
      expect(verified.client).toEqual(CLIENT);
    } finally {
      server.close();
    }
  });
});

/** A bus whose transient delivery can be cut, as a Redis outage cuts pub/sub. */
function cuttableBus() {
  const inner = new InProcessBus();
  let up = true;
  const bus = {
    publishTransient: (channel: string, message: unknown) =>
      up ? inner.publishTransient(channel, message) : Promise.reject(new Error('Connection is closed.')),
    subscribeTransient: inner.subscribeTransient.bind(inner),
  } as unknown as Bus;
  return {
    bus,
    inner,
    cut: () => {
      up = false;
    },
    restore: () => {
      up = true;
    },
  };
}

describe('ApiKeyVerifier when revocation notices may not arrive', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function setup(answer: () => ApiKeyIdentity | null | Error) {
    vi.useFakeTimers({
      now: Date.parse('2030-01-01T00:00:00Z'),
      toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    const calls: SystemCall[] = [];
    const client = {
      async request<T>(call: SystemCall): Promise<T> {
        calls.push(call);
        const a = answer();
        if (a instanceof Error) throw a;
        return { apiKeyIdentity: a } as T;
      },
    } as unknown as SystemClient;
    const bus = cuttableBus();
    verifier = new ApiKeyVerifier(client, 30_000, Date.now, {
      unconfirmedMaxAgeMs: 5_000,
      heartbeatMs: 1_000,
    });
    await verifier.listen(bus.bus);
    await vi.advanceTimersByTimeAsync(10);
    return { calls, bus, verifier };
  }

  it('trusts a cached key for the whole TTL while its heartbeats come back', async () => {
    const { calls, verifier: v } = await setup(() => KEY);
    expect(v.revocationsConfirmed).toBe(true);
    await v.verify('k', 'r', CLIENT);
    await vi.advanceTimersByTimeAsync(20_000);
    await v.verify('k', 'r', CLIENT);
    expect(calls).toHaveLength(1);
  });

  it('with the bus down, re-checks a cached key older than the bound and refuses it once revoked', async () => {
    let revoked = false;
    const { calls, bus, verifier: v } = await setup(() => (revoked ? null : KEY));
    await v.verify('k', 'r', CLIENT);
    bus.cut();
    // The key is revoked during the outage: the notice is lost with the bus.
    revoked = true;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(v.revocationsConfirmed).toBe(false);
    // Still inside the short bound: the cached answer stands.
    await v.verify('k', 'r', CLIENT);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_500);
    // Older than 5 s with no confirmed channel: asked again — revoked now, refused.
    await expect(v.verify('k', 'r', CLIENT)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(calls).toHaveLength(2);
  });

  it('fails closed when the key cannot be re-checked (bus and security subgraph down)', async () => {
    let down = false;
    const { bus, verifier: v } = await setup(() => (down ? new Error('ECONNREFUSED') : KEY));
    await v.verify('k', 'r', CLIENT);
    bus.cut();
    down = true;
    await vi.advanceTimersByTimeAsync(6_000);
    await expect(v.verify('k', 'r', CLIENT)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('after the bus comes back, answers cached during the outage are asked again once', async () => {
    const { calls, bus, verifier: v } = await setup(() => KEY);
    bus.cut();
    await vi.advanceTimersByTimeAsync(4_000);
    await v.verify('k', 'r', CLIENT); // cached while unconfirmed
    bus.restore();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(v.revocationsConfirmed).toBe(true);
    await v.verify('k', 'r', CLIENT); // older than 5 s and fetched before the channel was back
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(20_000);
    await v.verify('k', 'r', CLIENT); // fetched while confirmed: the TTL applies again
    expect(calls).toHaveLength(2);
  });

  it("ignores other gateways' heartbeats and still evicts on a real notice", async () => {
    let revoked = false;
    const { calls, bus, verifier: v } = await setup(() => (revoked ? null : KEY));
    await v.verify('k', 'r', CLIENT);
    await bus.inner.publishTransient(API_KEY_REVOKED_CHANNEL, { heartbeat: 'someone-else', sentAt: 0 });
    await vi.advanceTimersByTimeAsync(10);
    await v.verify('k', 'r', CLIENT);
    expect(calls).toHaveLength(1);
    revoked = true;
    await bus.inner.publishTransient(API_KEY_REVOKED_CHANNEL, {
      tenantId: KEY.tenantId,
      apiKeyId: KEY.apiKeyId,
    });
    await vi.advanceTimersByTimeAsync(10);
    await expect(v.verify('k', 'r', CLIENT)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});
