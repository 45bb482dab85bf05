import { candidates } from '@wg/db/recruiting';
import { keyedLoader, type LoaderContext } from '@wg/runtime';
import { inArray } from 'drizzle-orm';
import { candidateColumns } from './candidate.service';
import type { Candidate } from './candidate.type';

/** Candidates by id (`Application.candidate`), one statement per tick. */
export const candidateById = (ctx: LoaderContext) =>
  keyedLoader<string, Candidate>(
    (ids) =>
      ctx.tx(
        (tx) =>
          tx
            .select(candidateColumns)
            .from(candidates)
            .where(inArray(candidates.id, [...ids])) as Promise<Candidate[]>,
      ),
    (c) => c.id,
  );
