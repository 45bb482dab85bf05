// type-graphql reads decorator metadata through the Reflect API; load the polyfill once.
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Generated development secrets and embedded data go to a throwaway directory, never ./.data.
process.env.DATA_DIR ??= mkdtempSync(join(tmpdir(), 'wg-test-'));

// Test files log in and refresh far more often from 127.0.0.1 than a person would; the per-address
// and per-account authentication budgets (60 / 10 a minute by default) would refuse them at random
// on a fast machine. Tests of those limits set their own budgets explicitly.
process.env.RATE_LIMIT_AUTH_IP ??= '100000';
process.env.RATE_LIMIT_AUTH_ACCOUNT ??= '100000';
