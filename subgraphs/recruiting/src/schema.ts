import { buildSubgraphSchema } from '@wg/runtime';
import { DepartmentResolver } from './departments/department.resolver';
import { Department } from './departments/department.type';
import { resolveJobPostingReference } from './job-postings/job-posting.reference';
import { JobPostingResolver } from './job-postings/job-posting.resolver';

/**
 * `Department` is a stub (people owns it) and needs no `__resolveReference`: the default returns
 * the representation `{ id }`, which is all `openings` reads.
 */
export const buildRecruitingSchema = () =>
  buildSubgraphSchema({
    resolvers: [JobPostingResolver, DepartmentResolver],
    orphanedTypes: [Department],
    references: {
      JobPosting: { __resolveReference: resolveJobPostingReference },
    },
  });
