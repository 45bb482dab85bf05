import { tenantService, userService } from '@wg/security';
import { expect } from 'vitest';
import type { startTestPlatform } from '../harness';

export type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;

const PASSWORD = 'correct horse battery';

/** A tenant (created directly, as a platform operator would). */
export async function createTenant(platform: TestPlatform, slug: string): Promise<string> {
  return (await tenantService.create(platform.database, { slug, name: slug.toUpperCase() })).id;
}

/** A user with exactly these roles in the tenant, logged in through the gateway; returns the access token. */
export async function loginAs(
  platform: TestPlatform,
  tenantId: string,
  slug: string,
  roles: string[],
  extra: { employeeId?: string } = {},
): Promise<string> {
  const email = `${roles.join('-')}-${Math.random().toString(36).slice(2, 8)}@${slug}.test`;
  await userService.createWithPassword(platform.database, {
    tenantId,
    email,
    displayName: `${slug} ${roles.join(' ')}`,
    password: PASSWORD,
    roles,
    ...(extra.employeeId ? { employeeId: extra.employeeId } : {}),
  });
  const res = await platform.query<{ login: { accessToken: string } }>(
    /* GraphQL */ `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
    { e: email, p: PASSWORD },
  );
  if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.accessToken;
}

/** Nothing a client receives may look like a stack trace, a source path or SQL. */
export function expectNoLeak(body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  expect(text).not.toMatch(
    /stacktrace|node_modules|\.ts:\d+|\.js:\d+|\n\s+at |select .* from |insert into /i,
  );
}

/** A raw HTTP call to the gateway, for probes the harness' `query` can't express. */
export async function raw(
  url: string,
  init: RequestInit & { headers?: Record<string, string> },
): Promise<{ status: number; headers: Headers; text: string; json: Record<string, unknown> | null }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export type Errors = { message: string; extensions?: Record<string, unknown> }[];
export const errorsOf = (json: Record<string, unknown> | null): Errors => (json?.errors as Errors) ?? [];
