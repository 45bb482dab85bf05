import type { RecruitingContext } from '../loaders';
import { jobPostingService } from './job-posting.service';
import type { JobPosting } from './job-posting.type';

/** Federation entry point: `JobPosting { id }` from other subgraphs, batched through the loader. */
export const resolveJobPostingReference = (ref: Pick<JobPosting, 'id'>, ctx: RecruitingContext) =>
  jobPostingService.get(ctx, ref.id);
