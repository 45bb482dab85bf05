import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { startPlatform } from '../../scripts/platform';
import { figures, seedTenant } from './harness';

/*
 * The whole platform as a child process of the fault suite, configured by the environment like a
 * deployment (DATABASE_URL, REDIS_URL or neither, DATA_DIR, PORT). Prints one READY line with the
 * gateway and subgraph URLs; the suite kills it with SIGKILL or watches it survive.
 *
 * It also answers two requests on stdin, so the suite works the same on PGlite (one process only):
 * `seed` (a tenant with an admin, an employee and a project) and `figures` (source rows vs. what
 * finance and insights applied), each read through this process's own database handle.
 */
const platform = await startPlatform({ port: Number(process.env.PORT ?? 0) });
process.stdout.write(
  `FAULTS_READY ${JSON.stringify({
    url: platform.gateway.url,
    subgraphs: Object.fromEntries(platform.subgraphs.map((s) => [s.name, s.url])),
  })}\n`,
);
createInterface({ input: process.stdin }).on('line', (line) => {
  let request: { id: number; cmd: string; arg: string };
  try {
    request = JSON.parse(line);
  } catch {
    return;
  }
  const work =
    request.cmd === 'seed'
      ? seedTenant(platform.database, platform.gateway.url, request.arg)
      : figures(platform.database, request.arg);
  work.then(
    (result) => process.stdout.write(`FAULTS_REPLY ${JSON.stringify({ id: request.id, result })}\n`),
    (error: unknown) =>
      process.stdout.write(`FAULTS_REPLY ${JSON.stringify({ id: request.id, error: String(error) })}\n`),
  );
});
process.once('SIGTERM', () => {
  void platform.stop().finally(() => process.exit(0));
});
