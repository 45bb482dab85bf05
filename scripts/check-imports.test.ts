import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDomainLists, checkImports, importsOf, violation } from './check-imports';

/** The rule each import of `source` breaks (or null), as a file of package `owner`. */
async function ruleFor(owner: string, source: string): Promise<(string | null)[]> {
  const dir = await mkdtemp(join(tmpdir(), 'wg-imports-'));
  try {
    const file = join(dir, 'src', 'x.ts');
    await mkdir(join(dir, 'src'));
    await writeFile(file, source);
    return importsOf(file).map((site) => violation(site, owner, dir));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('import boundaries', () => {
  it('holds for the tree as it is', () => {
    expect(checkImports()).toEqual([]);
    expect(checkDomainLists()).toEqual([]);
  });

  it("refuses another domain's tables and the all-domains schema namespace", async () => {
    expect(await ruleFor('finance', "import { employees } from '@wg/db/people';")).toEqual([
      "another domain's tables (@wg/db/people)",
    ]);
    expect(await ruleFor('finance', "import { type Tx, schema } from '@wg/db';")).toEqual([
      'use @wg/db/finance (schema spans every domain)',
    ]);
    expect(await ruleFor('finance', "import * as t from '@wg/db/schema/finance';")).toEqual([
      'import @wg/db/finance instead of @wg/db/schema/finance',
    ]);
    expect(
      await ruleFor(
        'finance',
        "import { type Tx } from '@wg/db';\nimport * as t from '@wg/db/finance';\nimport { c } from '@wg/db/common';",
      ),
    ).toEqual([null, null, null]);
  });

  it("allows only `import type` from another subgraph's /events entry", async () => {
    expect(
      await ruleFor(
        'finance',
        [
          "import type { WorkEvents } from '@wg/work/events';",
          "import { WorkEventTypes } from '@wg/work/events';",
          "import { type WorkEvents } from '@wg/work/events';",
          "import type { workSubgraph } from '@wg/work';",
          "import type { X } from '../../work/src/x';",
          "const m = await import('@wg/people');",
        ].join('\n'),
      ),
    ).toEqual([
      null,
      "another subgraph's events: `import type` only",
      "another subgraph's events: `import type` only",
      "another subgraph's package (only `import type` from @wg/work/events is allowed)",
      expect.stringMatching(/^relative import leaves/),
      "another subgraph's package (only `import type` from @wg/people/events is allowed)",
    ]);
  });

  it('keeps the gateway off the database, the subgraphs and the runtime barrel', async () => {
    expect(
      await ruleFor(
        'gateway',
        "import { a } from '@wg/runtime';\nimport { b } from '@wg/runtime/auth';\nimport type { Tx } from '@wg/db';\nimport { c } from '@wg/security';",
      ),
    ).toEqual([
      'the gateway imports runtime subpaths only (@wg/runtime/auth, …)',
      null,
      'the gateway has no database',
      'the gateway imports no subgraph',
    ]);
  });
});
