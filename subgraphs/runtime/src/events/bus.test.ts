import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing';
import { type Bus, InProcessBus, isBusUnavailable, RedisBus } from './bus';

const kinds: [string, () => Bus][] = [['in-process', () => new InProcessBus()]];
if (process.env.REDIS_URL) {
  const url = process.env.REDIS_URL;
  kinds.push(['redis', () => new RedisBus(url, `wg-test-${process.pid}-${Date.now()}:`)]);
}

describe.each(kinds)('transient fan-out (%s)', (_kind, make) => {
  const open: Bus[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });

  it('delivers to every subscriber of the channel and to nobody after unsubscribe', async () => {
    const bus = make();
    open.push(bus);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const other: unknown[] = [];
    const stopA = await bus.subscribeTransient('t1', (m) => a.push(m));
    await bus.subscribeTransient('t1', (m) => b.push(m));
    await bus.subscribeTransient('t2', (m) => other.push(m));

    await bus.publishTransient('t1', { n: 1 });
    await eventually(async () => a.length === 1 && b.length === 1);
    expect(a).toEqual([{ n: 1 }]);
    expect(b).toEqual([{ n: 1 }]);

    await stopA();
    await bus.publishTransient('t1', { n: 2 });
    await eventually(async () => b.length === 2);
    expect(b).toEqual([{ n: 1 }, { n: 2 }]);
    expect(a).toEqual([{ n: 1 }]);
    expect(other).toEqual([]);
  });
});

/** A free port with nothing listening on it (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start in 10 s')), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('error', reject);
  });
}

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

// Needs a redis-server binary of its own to start late (CI's Redis jobs have one; PGlite-only runs skip).
describe.runIf(Boolean(process.env.REDIS_URL) && hasRedisServer)(
  'RedisBus while Redis is unreachable',
  () => {
    let server: ChildProcess | null = null;
    afterEach(() => {
      server?.kill('SIGKILL');
      server = null;
    });

    it('fails transient publishes fast, bounds subscribes, and resumes them when Redis appears', async () => {
      const port = await freePort();
      const bus = new RedisBus(`redis://127.0.0.1:${port}`, 'wg-test-down:', {
        transientTimeoutMs: 500,
        subscribeTimeoutMs: 500,
      });
      try {
        // Give the first connection attempts time to fail, as in an outage (not a first connect).
        await new Promise((r) => setTimeout(r, 300));
        let started = performance.now();
        await expect(bus.publishTransient('t', { n: 0 })).rejects.toSatisfy(isBusUnavailable);
        expect(performance.now() - started).toBeLessThan(1_000);
        expect(bus.reachable).toBe(false);

        const got: unknown[] = [];
        let resumed = 0;
        started = performance.now();
        const stop = await bus.subscribeTransient('t', (m) => got.push(m), { onResumed: () => resumed++ });
        // Resolved after the bound, not "when Redis is back".
        expect(performance.now() - started).toBeLessThan(2_000);
        expect(resumed).toBe(0);

        server = await startRedisServer(port);
        // The pending subscribe goes through once Redis answers, and says so.
        await eventually(async () => resumed === 1, 15_000);
        await eventually(async () => bus.reachable, 15_000);
        await eventually(async () => {
          await bus.publishTransient('t', { n: 1 }).catch(() => undefined);
          return got.length > 0;
        }, 15_000);
        expect(got[0]).toEqual({ n: 1 });

        // Redis restarts empty: the channel is subscribed again, onResumed fires again, pushes flow.
        server.kill('SIGKILL');
        server = null;
        await eventually(async () => !bus.reachable, 10_000);
        server = await startRedisServer(port);
        await eventually(async () => resumed === 2, 15_000);
        got.length = 0;
        await eventually(async () => {
          await bus.publishTransient('t', { n: 2 }).catch(() => undefined);
          return got.length > 0;
        }, 15_000);
        expect(got[0]).toEqual({ n: 2 });
        await stop();
      } finally {
        const closing = performance.now();
        await bus.close();
        expect(performance.now() - closing).toBeLessThan(2_000);
      }
    }, 60_000);
  },
);
