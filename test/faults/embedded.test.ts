import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { converged, logTimes, type PlatformProcess, startPlatformProcess } from './harness';
import { freePort, sleep } from './services';

/*
 * kill -9 on the embedded default: PGlite in DATA_DIR and the in-process bus. Whatever the dead
 * process had published but not applied was only in its memory; the outbox survives on disk, the
 * next process is a new bus epoch, and its relays publish every unacknowledged row again.
 */

let platform: PlatformProcess;
let dataDir: string;
let port: number;
const start = () =>
  startPlatformProcess({
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    DATA_DIR: dataDir,
    PORT: String(port),
  });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wg-faults-embedded-'));
  port = await freePort();
  platform = await start();
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('kill -9 mid-burst on PGlite + in-process bus: the restarted process applies every event once', async () => {
  const f = await platform.seed('kill9-embedded');
  const progress = { ok: 0, codes: {}, transport: 0, slowestMs: 0 };
  const burst = logTimes(platform.url, f, 0, 200, 4, progress);
  // Mid-burst: once a good part of the writes committed (their events in flight in memory).
  const deadline = Date.now() + 60_000;
  while (progress.ok < 60 && Date.now() < deadline) await sleep(50);
  await platform.kill9();
  const outcome = await burst;
  expect(outcome.ok).toBeGreaterThan(0);
  const killed = Date.now();
  platform = await start();
  const done = await converged(() => platform.figures(f.tenantId), 90_000);
  console.info(
    `embedded kill -9: restart + convergence ${Date.now() - killed} ms, ${outcome.ok} writes answered`,
  );
  expect(done.figures.timesheets.lines).toBeGreaterThanOrEqual(outcome.ok);
  expect(done.figures.labor).toEqual(done.figures.timesheets);
  expect(done.figures.insightsHours).toBe(done.figures.timesheets.hours);
  expect(platform.alive()).toBe(true);
});
