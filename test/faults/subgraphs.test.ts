import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MemoryRateLimiter, type RunningGateway, startGateway } from '@wg/gateway';
import { eventually } from '@wg/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithLogins, startTestPlatform } from '../harness';

/*
 * A hung and a dead subgraph. A second gateway on the test platform reaches recruiting through a
 * proxy the test switches between forwarding, hanging (accepts, never answers) and dead (refuses
 * connections). Only recruiting's part of the plan fails — `Department.openings` is null with an
 * error at its path naming the subgraph and the request id — and everything else arrives, within
 * the per-subgraph deadline instead of the operation's 30 s.
 */

type Mode = 'forward' | 'hang' | 'dead';

/** A switchable HTTP proxy in front of one subgraph. */
async function startProxy(target: string) {
  let mode: Mode = 'forward';
  const sockets = new Set<Socket>();
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    if (mode === 'hang') return; // never answers; the gateway's deadline must cut it
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length',
      ),
    ) as Record<string, string>;
    const upstream = await fetch(target, {
      method: req.method ?? 'POST',
      headers,
      body: Buffer.concat(chunks),
    });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  };
  let server: Server = createServer(handler);
  const track = (s: Server) => s.on('connection', (socket) => sockets.add(socket).size);
  track(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async set(next: Mode) {
      if (mode === 'dead' && next !== 'dead') {
        server = createServer(handler);
        track(server);
        await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
      }
      if (next === 'dead' && mode !== 'dead') {
        for (const s of sockets) s.destroy();
        sockets.clear();
        await new Promise<void>((r) => server.close(() => r()));
      }
      mode = next;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      if (mode !== 'dead') await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let proxy: Awaited<ReturnType<typeof startProxy>>;
let gateway: RunningGateway;
let token: string;
const TIMEOUT_MS = 1500;

beforeAll(async () => {
  platform = await startTestPlatform();
  const tenant = await createTenantWithLogins(platform, 'hung');
  token = tenant.adminToken;
  const dept = await platform.query<{ createDepartment: { id: string } }>(
    /* GraphQL */ `mutation { createDepartment(input: { name: "Engineering" }) { id } }`,
    {},
    token,
  );
  const d = dept.data!.createDepartment.id;
  await eventually(async () => {
    const r = await platform.query<{ createJobPosting: { id: string } }>(
      /* GraphQL */ `mutation ($d: ID!) { createJobPosting(input: { title: "SRE", departmentId: $d }) { id } }`,
      { d },
      token,
    );
    return r.data?.createJobPosting;
  });
  const recruiting = platform.subgraphs.find((s) => s.name === 'recruiting')!;
  proxy = await startProxy(recruiting.url);
  process.env.SUBGRAPH_RECRUITING_TIMEOUT_MS = String(TIMEOUT_MS);
  gateway = await startGateway({
    port: 0,
    subgraphUrls: {
      ...Object.fromEntries(platform.subgraphs.map((s) => [s.name, s.url])),
      recruiting: proxy.url,
    },
    bus: platform.bus,
    rateLimiter: new MemoryRateLimiter(60_000),
  });
  delete process.env.SUBGRAPH_RECRUITING_TIMEOUT_MS;
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await proxy?.stop();
  await platform?.stop();
});

interface Dashboard {
  departments: { id: string; name: string; headcount: number; openings: { title: string }[] | null }[];
  companyAnalytics: { departmentCount: number } | null;
}
const DASHBOARD = /* GraphQL */ `{ departments { id name headcount openings { title } } companyAnalytics { departmentCount } }`;

async function dashboard() {
  const started = Date.now();
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: DASHBOARD }),
  });
  const body = (await res.json()) as {
    data: Dashboard | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
  return { ...body, ms: Date.now() - started };
}

describe.sequential('a hung or dead subgraph fails only its part of the plan', () => {
  it('answers in full while recruiting is healthy', async () => {
    const r = await dashboard();
    expect(r.errors).toBeUndefined();
    expect(r.data?.departments[0]?.openings).toEqual([{ title: 'SRE' }]);
  });

  it.each([
    ['hang', 'SUBGRAPH_TIMEOUT'],
    ['dead', 'SUBGRAPH_UNAVAILABLE'],
  ] as const)(
    'recruiting %s: departments and analytics arrive, openings null with %s at its path',
    async (mode, code) => {
      await proxy.set(mode);
      const r = await dashboard();
      // Within the subgraph's deadline (plus planning), not the operation's 30 s.
      expect(r.ms).toBeLessThan(TIMEOUT_MS + 3000);
      const dept = r.data?.departments[0];
      expect(dept?.name).toBe('Engineering');
      expect(dept?.openings).toBeNull();
      expect(r.data?.companyAnalytics?.departmentCount).toBeGreaterThanOrEqual(0);
      expect(r.errors?.length).toBeGreaterThan(0);
      const error = r.errors![0]!;
      expect(error.path).toEqual(['departments', 0, 'openings']);
      expect(error.extensions?.code).toBe(code);
      expect(error.extensions?.subgraph).toBe('recruiting');
      expect(error.extensions?.requestId).toEqual(expect.any(String));
      expect(error.message).toContain('recruiting');
      // Nothing internal: no URL, no stack.
      expect(JSON.stringify(r.errors)).not.toMatch(/127\.0\.0\.1|stack|ECONNREFUSED/);

      // Recovers by itself once recruiting answers again.
      await proxy.set('forward');
      const healed = await eventually(async () => {
        const again = await dashboard();
        return again.errors ? undefined : again;
      });
      expect(healed.data?.departments[0]?.openings).toEqual([{ title: 'SRE' }]);
    },
  );
});
