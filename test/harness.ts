import { randomUUID } from 'node:crypto';
import type { Database } from '@wg/db';
import { MemoryRateLimiter } from '@wg/gateway';
import { type Identity, INTERNAL_TOKEN_HEADER, InProcessBus, signInternalToken } from '@wg/runtime';
import { createTestDatabase, type GraphQLResponse } from '@wg/runtime/testing';
import { tenantService, userService } from '@wg/security';
import { type Platform, type PlatformOptions, startPlatform } from '../scripts/platform';

/**
 * The whole graph on a private database, gateway and subgraphs on free ports. The gateway calls
 * the subgraphs in process (composition without the network, as Hive Gateway's tests do) unless
 * the test is about the network between them (`network: true`: internal tokens, subgraph
 * failures, timeouts) or WG_TEST_TRANSPORT=http asks for HTTP everywhere (to compare the two).
 */
export async function startTestPlatform(
  options: Pick<PlatformOptions, 'gateway' | 'bus' | 'subgraphAdmin'> & { network?: boolean } = {},
): Promise<Platform & { database: Database & { drop(): Promise<void> }; query: typeof query }> {
  const database = await createTestDatabase();
  const platform = await startPlatform({
    database,
    // A RedisBus when a test needs cross-process delivery (give it its own key prefix).
    bus: options.bus ?? new InProcessBus(),
    port: 0,
    subgraphAdmin: options.subgraphAdmin,
    inProcess: !options.network && process.env.WG_TEST_TRANSPORT !== 'http',
    // Test files share one Redis: each platform gets its own rate-limit keys (in-memory store).
    gateway: { rateLimiter: new MemoryRateLimiter(60_000), ...options.gateway },
  });
  const url = platform.gateway.url;
  async function query<T = Record<string, unknown>>(
    q: string,
    variables: Record<string, unknown> = {},
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T> & { status: number }> {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query: q, variables }),
    });
    return { status: res.status, ...((await res.json()) as GraphQLResponse<T>) };
  }
  const stopPlatform = platform.stop.bind(platform);
  return Object.assign(platform, {
    database,
    query,
    stop: async () => {
      await stopPlatform();
      await database.drop();
    },
  });
}

/** A tenant with an admin and an employee login; returns their access tokens. */
export async function createTenantWithLogins(
  platform: Awaited<ReturnType<typeof startTestPlatform>>,
  slug: string,
): Promise<{ tenantId: string; adminToken: string; employeeToken: string; viewerToken: string }> {
  const tenant = await tenantService.create(platform.database, { slug, name: slug.toUpperCase() });
  const password = 'correct horse battery';
  const login = async (role: string) => {
    const email = `${role}@${slug}.test`;
    await userService.createWithPassword(platform.database, {
      tenantId: tenant.id,
      email,
      displayName: `${slug} ${role}`,
      password,
      roles: [role],
    });
    const res = await platform.query<{ login: { accessToken: string } }>(
      /* GraphQL */ `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
      { e: email, p: password },
    );
    if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
    return res.data.login.accessToken;
  };
  return {
    tenantId: tenant.id,
    adminToken: await login('admin'),
    employeeToken: await login('employee'),
    viewerToken: await login('viewer'),
  };
}

/** Calls a subgraph directly, optionally with a forged or real internal token. */
export async function callSubgraphDirect(url: string, q: string, identity?: Identity, rawToken?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (identity) headers[INTERNAL_TOKEN_HEADER] = await signInternalToken(identity, randomUUID());
  if (rawToken) headers[INTERNAL_TOKEN_HEADER] = rawToken;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: q }) });
  return (await res.json()) as GraphQLResponse<Record<string, unknown>>;
}
