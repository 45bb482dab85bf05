// type-graphql reads decorator metadata through the Reflect API; load the polyfill once.
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Generated development secrets and embedded data go to a throwaway directory, never ./.data.
process.env.DATA_DIR ??= mkdtempSync(join(tmpdir(), 'wg-test-'));
