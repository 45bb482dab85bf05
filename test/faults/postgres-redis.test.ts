import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  converged,
  FAULTS_METRICS_TOKEN,
  type Fixture,
  gql,
  logTimes,
  type PlatformProcess,
  startPlatformProcess,
} from './harness';
import {
  freePort,
  type OwnPostgres,
  type OwnRedis,
  sleep,
  startOwnPostgres,
  startOwnRedis,
} from './services';

/*
 * The platform (one child process: gateway + six subgraphs, relays and consumers) on a PostgreSQL
 * and a Redis of the suite's own, while the suite restarts and kills them, and kills the platform.
 * Each scenario: the process survives (or, for kill -9, a restarted one takes over), recovers without
 * anybody restarting it, and finance's labour lines and insights' hours end equal to work's timesheet
 * rows — every event applied exactly once.
 */

let pg: OwnPostgres;
let redis: OwnRedis;
let platform: PlatformProcess;
let dataDir: string;
let port: number;
const timings: Record<string, number> = {};

const start = () =>
  startPlatformProcess({
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'faults:',
    DATA_DIR: dataDir,
    PORT: String(port),
  });

beforeAll(async () => {
  [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  dataDir = mkdtempSync(join(tmpdir(), 'wg-faults-data-'));
  port = await freePort();
  platform = await start();
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  await Promise.all([pg?.destroy(), redis?.destroy()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  console.info(`fault timings (ms): ${JSON.stringify(timings)}`);
});

const figuresOf = (f: Fixture) => () => platform.figures(f.tenantId);

describe.sequential('PostgreSQL and Redis faults', () => {
  it('Redis killed right after a burst of 150 writes and restarted empty: nothing lost', async () => {
    const f = await platform.seed('redis-kill');
    const burst = await logTimes(platform.url, f, 0, 150);
    expect(burst.ok).toBe(150);
    // At once, while relays and consumers are still moving those events.
    await redis.kill();
    await sleep(1500);
    await redis.start();
    const restarted = Date.now();
    const done = await converged(figuresOf(f), 60_000);
    timings.redisRecoveryMs = Date.now() - restarted;
    expect(platform.alive()).toBe(true);
    expect(done.figures.timesheets.lines).toBe(150);
    expect(done.figures.labor).toEqual(done.figures.timesheets);
    expect(done.figures.insightsHours).toBe(done.figures.timesheets.hours);
  });

  it('Redis down in the middle of a burst: writes go on, consumers recreate their groups', async () => {
    const f = await platform.seed('redis-mid');
    const burst = logTimes(platform.url, f, 0, 150, 4);
    await sleep(300);
    await redis.kill();
    await sleep(2000);
    await redis.start();
    const outcome = await burst;
    // The writes only need PostgreSQL; the outbox keeps their events until Redis is back.
    expect(outcome.ok).toBe(150);
    const done = await converged(figuresOf(f), 60_000);
    expect(platform.alive()).toBe(true);
    expect(done.figures.timesheets.lines).toBe(150);
    expect(done.figures.labor).toEqual(done.figures.timesheets);
    expect(done.figures.insightsHours).toBe(done.figures.timesheets.hours);
  });

  it('PostgreSQL restarted under load: no crash, SERVICE_UNAVAILABLE meanwhile, recovery by itself', async () => {
    const f = await platform.seed('pg-restart');
    const burst = logTimes(platform.url, f, 0, 400, 8);
    await sleep(700);
    await pg.stop();
    const down = Date.now();
    let probe: Awaited<ReturnType<typeof gql>>;
    let probeMs: number;
    let readyStatus: number;
    try {
      // During the outage: a clear, fast answer, and /ready says not ready.
      probe = await gql(platform.url, /* GraphQL */ `{ departments { id name } }`, {}, f.token);
      probeMs = Date.now() - down;
      readyStatus = (
        await fetch(platform.subgraphs.people!.replace(/\/graphql$/, '/ready'), {
          headers: { authorization: `Bearer ${FAULTS_METRICS_TOKEN}` },
        })
      ).status;
      await sleep(Math.max(0, 3000 - (Date.now() - down)));
    } finally {
      await pg.start();
    }
    timings.pgOutageAnswerMs = probeMs;
    expect(readyStatus).toBe(503);
    expect(probe.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(probeMs).toBeLessThan(5000);
    const up = Date.now();
    const outcome = await burst;
    expect(platform.alive()).toBe(true);
    // Some writes failed while the server was down, with the right code; none was lost halfway.
    expect(
      Object.keys(outcome.codes).filter((c) => c !== 'SERVICE_UNAVAILABLE'),
      JSON.stringify(outcome.messages),
    ).toEqual([]);
    await converged(figuresOf(f), 60_000).then((d) => {
      expect(d.figures.timesheets.lines).toBe(outcome.ok);
      expect(d.figures.labor).toEqual(d.figures.timesheets);
      expect(d.figures.insightsHours).toBe(d.figures.timesheets.hours);
    });
    // And new work flows end to end without a restart.
    const after = await logTimes(platform.url, f, 1000, 20);
    expect(after.ok).toBe(20);
    const done = await converged(figuresOf(f), 60_000);
    timings.pgRecoveryMs = Date.now() - up;
    expect(done.figures.timesheets.lines).toBe(outcome.ok + 20);
    expect(done.figures.labor).toEqual(done.figures.timesheets);
    expect(done.figures.insightsHours).toBe(done.figures.timesheets.hours);
    expect(platform.alive()).toBe(true);
  });

  it('kill -9 of the platform mid-burst: a restarted process applies every event exactly once', async () => {
    const f = await platform.seed('kill9-redis');
    const burst = logTimes(platform.url, f, 0, 300, 8);
    await sleep(1500);
    await platform.kill9();
    const outcome = await burst;
    expect(outcome.ok).toBeGreaterThan(0);
    const killed = Date.now();
    platform = await start();
    timings.kill9RestartMs = Date.now() - killed;
    const done = await converged(figuresOf(f), 90_000);
    timings.kill9ConvergedMs = Date.now() - killed;
    // Every committed write (some answered, some cut off mid-answer) is applied once downstream.
    expect(done.figures.timesheets.lines).toBeGreaterThanOrEqual(outcome.ok);
    expect(done.figures.labor).toEqual(done.figures.timesheets);
    expect(done.figures.insightsHours).toBe(done.figures.timesheets.hours);
  });
});
