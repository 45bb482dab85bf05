import { ApolloServer } from '@apollo/server';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { mountAdmin } from './admin';
import { createMetrics, OperationNames } from './metrics';

const typeDefs = 'type Query { hello: String }';
const resolvers = { Query: { hello: () => 'hi' } };

async function server(options: Parameters<typeof createMetrics>[1] = {}) {
  const metrics = createMetrics('test', options);
  const apollo = new ApolloServer<{ identity: { kind: string } }>({
    typeDefs,
    resolvers,
    plugins: [metrics.plugin],
  });
  await apollo.start();
  const run = (query: string, kind: string) =>
    apollo.executeOperation({ query }, { contextValue: { identity: { kind } } });
  return { metrics, apollo, run };
}

const operationLabels = async (metrics: ReturnType<typeof createMetrics>) => {
  const text = await metrics.registry.metrics();
  return new Set([...text.matchAll(/graphql_operations_total\{operation="([^"]*)"/g)].map((m) => m[1]));
};

describe('operation-name labels', () => {
  it('anonymous requests never add a label, however many names they invent', async () => {
    const { metrics, apollo, run } = await server();
    const pad = 'x'.repeat(2_000);
    for (let i = 0; i < 300; i++) await run(`query Op${i}_${pad} { hello }`, 'anonymous');
    expect(await operationLabels(metrics)).toEqual(new Set(['other']));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/graphql_operations_total\{operation="other",type="query",outcome="ok".*\} 300/);
    expect(text.length).toBeLessThan(50_000);
    await apollo.stop();
  });

  it('keeps at most maxOperationNames names from authenticated callers, truncated, then "other"', async () => {
    const { metrics, apollo, run } = await server({ maxOperationNames: 5, maxNameLength: 10 });
    for (let i = 0; i < 20; i++) await run(`query Op${i}_${'y'.repeat(100)} { hello }`, 'user');
    const labels = await operationLabels(metrics);
    expect(labels.size).toBe(6);
    expect(labels.has('other')).toBe(true);
    for (const l of labels) expect(l?.length).toBeLessThanOrEqual(10);
    // A known name stays countable for everyone, anonymous callers included.
    await run(`query Op0_${'y'.repeat(100)} { hello }`, 'anonymous');
    expect(await metrics.registry.metrics()).toMatch(
      /operation="Op0_yyyyyy",type="query",outcome="ok".*\} 2/,
    );
    await apollo.stop();
  });

  it('an operation that never validated does not add a label', () => {
    const names = new OperationNames(10, 64);
    expect(names.label('Bad Name!', true)).toBe('other');
    expect(names.label(undefined, true)).toBe('anonymous');
    expect(names.label('Fine', false)).toBe('other');
    expect(names.label('Fine', true)).toBe('Fine');
    expect(names.size).toBe(1);
  });
});

describe('admin endpoints', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  async function publicApp(options: Parameters<typeof mountAdmin>[2]) {
    const app = express();
    const admin = await mountAdmin(
      app,
      {
        metrics: (_req, res) => void res.send('metrics'),
        ready: (_req, res) => void res.json({ status: 'ready' }),
        health: (_req, res) => void res.json({ status: 'ok' }),
      },
      options,
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    closers.push(
      async () => {
        await new Promise((r) => server.close(r));
      },
      () => admin.close(),
    );
    return { url: `http://127.0.0.1:${port}`, adminUrl: admin.url };
  }

  it('serves nothing on the public port when neither a port nor a token is configured', async () => {
    const { url, adminUrl } = await publicApp({});
    expect(adminUrl).toBeNull();
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect((await fetch(`${url}/ready`)).status).toBe(404);
  });

  it('serves /metrics and /ready on the public port only with the bearer token', async () => {
    const { url } = await publicApp({ token: 's3cret-token' });
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const ok = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('metrics');
    expect((await fetch(`${url}/ready`, { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(
      200,
    );
  });

  it('serves them on the admin port, not on the public one', async () => {
    const { url, adminUrl } = await publicApp({ port: 0 });
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect(await (await fetch(`${adminUrl}/metrics`)).text()).toBe('metrics');
    expect((await fetch(`${adminUrl}/ready`)).status).toBe(200);
    expect((await fetch(`${adminUrl}/health`)).status).toBe(200);
    expect((await fetch(`${adminUrl}/graphql`)).status).toBe(404);
  });
});
