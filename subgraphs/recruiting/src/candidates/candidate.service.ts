import type { Tx } from '@wg/db';
import { auditLog, candidates, entityRefs } from '@wg/db/recruiting';
import {
  badInput,
  ConflictError,
  type Connection,
  checkInput,
  clock,
  isUuid,
  notFound,
  type PageArgs,
  paginate,
  recordAudit,
  requireScope,
  rules,
  z,
} from '@wg/runtime';
import { and, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import { pipelineAccess } from '../access';
import type { RecruitingContext } from '../loaders';
import { jsonIds } from '../sql';
import type { CandidateFilter, CreateCandidateInput } from './candidate.input';
import { type Candidate, CandidateSource } from './candidate.type';

/** CONFLICT naming the candidate that already exists, so a client can link to it. */
export class DuplicateCandidateError extends ConflictError {
  constructor(
    readonly existingId: string,
    readonly matchedOn: 'email' | 'name_and_phone',
  ) {
    super(
      matchedOn === 'email'
        ? `A candidate with this email already exists (${existingId})`
        : `A candidate with this name and phone already exists (${existingId}); pass allowDuplicate to create another`,
    );
  }
  override details() {
    return { existingId: this.existingId, matchedOn: this.matchedOn };
  }
}

const {
  searchName: _searchName,
  searchAnagram: _searchAnagram,
  ...candidateColumns
} = getTableColumns(candidates);

export { candidateColumns };

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullish();

const httpUrl = z
  .string()
  .trim()
  .max(2000, 'Must be at most 2000 characters')
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'Must be an http or https URL')
  .nullish();

const phoneRule = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]+$/, { message: 'Must contain only digits, spaces, +, -, ( and )', abort: true })
  .refine((v) => {
    const digits = v.replace(/\D/g, '').length;
    return digits >= 6 && digits <= 20;
  }, 'Must have 6 to 20 digits')
  .nullish();

export const candidateFields = {
  firstName: rules.name('First name'),
  lastName: rules.name('Last name'),
  email: rules.email(),
  phone: phoneRule,
  profileUrl: httpUrl,
};

const createSchema = z.object({
  ...candidateFields,
  location: optionalText(200),
  source: z.enum(Object.values(CandidateSource) as [CandidateSource, ...CandidateSource[]]).nullish(),
  tags: z
    .array(z.string().trim().toLowerCase().min(1, 'A tag must not be empty').max(40, 'At most 40 characters'))
    .max(20, 'At most 20 tags')
    .nullish(),
  resumeText: optionalText(100_000),
  resumeUrl: httpUrl,
  retainUntil: rules.date().nullish(),
  employeeId: rules.uuid().nullish(),
  allowDuplicate: z.boolean().nullish(),
});

/**
 * The name's anagram key: each word's letters sorted, then the words sorted. "Jhon Smtih" and
 * "John Smith" share `hjno himst`, which trigram similarity alone misses (0.16).
 */
export function anagramKey(name: string): string {
  return name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => [...w].sort().join(''))
    .sort()
    .join(' ');
}

const digitsOnly = (column: SQL | typeof candidates.phone) =>
  sql`regexp_replace(${column}, '[^0-9]', '', 'g')`;

/**
 * The duplicate rule, checked inside the creating transaction: the same email (always a
 * CONFLICT, the unique index makes it so), or the same name and phone digits (CONFLICT unless
 * `allowDuplicate`). Erased candidates hold no personal data and match nothing.
 */
export async function findDuplicate(
  tx: Tx,
  c: { firstName: string; lastName: string; email: string; phone?: string | null | undefined },
  allowDuplicate: boolean,
): Promise<void> {
  const [byEmail] = await tx
    .select({ id: candidates.id })
    .from(candidates)
    .where(eq(candidates.email, c.email))
    .limit(1);
  if (byEmail) throw new DuplicateCandidateError(byEmail.id, 'email');
  if (allowDuplicate || !c.phone) return;
  const [byNamePhone] = await tx
    .select({ id: candidates.id })
    .from(candidates)
    .where(
      and(
        sql`${candidates.erasedAt} is null`,
        sql`lower(${candidates.firstName}) = ${c.firstName.toLowerCase()}`,
        sql`lower(${candidates.lastName}) = ${c.lastName.toLowerCase()}`,
        sql`${digitsOnly(candidates.phone)} = ${c.phone.replace(/\D/g, '')}`,
      ),
    )
    .limit(1);
  if (byNamePhone) throw new DuplicateCandidateError(byNamePhone.id, 'name_and_phone');
}

export async function isKnownEmployee(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: entityRefs.id })
    .from(entityRefs)
    .where(and(eq(entityRefs.entityType, 'Employee'), eq(entityRefs.id, id)));
  return Boolean(row);
}

/** Candidates a `team` caller may see: those with an application to a posting of their departments. */
function inDepartments(departments: string[]): SQL {
  return sql`exists (select 1 from recruiting.applications a join recruiting.job_postings p on p.id = a.posting_id
    where a.candidate_id = ${candidates.id}
      and p.department_id in (select value::uuid from jsonb_array_elements_text(${jsonIds(departments)}::jsonb)))`;
}

export const candidateService = {
  async get(ctx: RecruitingContext, id: string): Promise<Candidate | null> {
    ctx.authorize('candidate:read');
    if (!isUuid(id)) return null;
    return ctx.tx(async (tx) => {
      const access = await pipelineAccess(tx, ctx.identity, 'candidate:read');
      const [row] = await tx
        .select(candidateColumns)
        .from(candidates)
        .where(
          and(eq(candidates.id, id), access.departments ? inDepartments(access.departments) : undefined),
        );
      return (row as Candidate | undefined) ?? null;
    });
  },

  async list(
    ctx: RecruitingContext,
    args: PageArgs & { filter?: CandidateFilter | null },
  ): Promise<Connection<Candidate>> {
    ctx.authorize('candidate:read');
    const f = args.filter ?? {};
    if (f.postingId && !isUuid(f.postingId)) {
      throw badInput([{ field: 'filter.postingId', message: 'Must be a valid id' }]);
    }
    const search = f.search?.trim().toLowerCase().slice(0, 200) ?? '';
    const tag = f.tag?.trim().toLowerCase() ?? '';
    return ctx.tx(async (tx) => {
      const access = await pipelineAccess(tx, ctx.identity, 'candidate:read');
      const applied =
        f.postingId || f.stage
          ? sql`exists (select 1 from recruiting.applications a where a.candidate_id = ${candidates.id}
              ${f.postingId ? sql`and a.posting_id = ${f.postingId}` : sql``}
              ${f.stage ? sql`and a.stage = ${f.stage}` : sql``})`
          : undefined;
      const matches = search
        ? sql`(${candidates.searchName} % ${search}
              or ${candidates.searchName} like ${`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}
              or ${candidates.searchAnagram} = ${anagramKey(search)}
              or ${candidates.email} = ${search})`
        : undefined;
      const where = and(
        f.source ? eq(candidates.source, f.source) : undefined,
        tag ? sql`${tag} = any(${candidates.tags})` : undefined,
        applied,
        matches,
        access.departments ? inDepartments(access.departments) : undefined,
      );
      return paginate<typeof candidates, Candidate>(
        tx,
        { table: candidates, key: candidates.id, where, columns: candidateColumns },
        args,
      );
    });
  },

  async create(ctx: RecruitingContext, input: CreateCandidateInput): Promise<Candidate> {
    requireScope(ctx.identity, 'candidate:create', 'all');
    const tenantId = ctx.tenantId();
    const check = checkInput(createSchema, input);
    if (input.retainUntil && !check.bad('input.retainUntil') && input.retainUntil < clock.today()) {
      check.fail('input.retainUntil', 'Must not be in the past');
    }
    return ctx.tx(async (tx) => {
      if (
        input.employeeId &&
        !check.bad('input.employeeId') &&
        !(await isKnownEmployee(tx, input.employeeId))
      ) {
        check.fail('input.employeeId', 'Unknown employee');
      }
      const data = check.valid();
      await findDuplicate(tx, data, data.allowDuplicate ?? false);
      const row = await insertCandidate(tx, tenantId, {
        ...data,
        source: data.source ?? (data.employeeId ? 'INTERNAL' : 'CAREER_SITE'),
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'candidate.create',
          entityType: 'Candidate',
          entityId: row.id,
          after: row,
        },
      ]);
      return row;
    });
  },

  /**
   * GDPR erasure: every personal field is replaced by a pseudonym or cleared; the candidate row
   * and its applications stay, so pipeline and funnel counts do not change. The audit keeps who
   * erased when, not the erased values.
   */
  async erase(ctx: RecruitingContext, id: string): Promise<Candidate> {
    requireScope(ctx.identity, 'candidate:delete', 'all');
    const tenantId = ctx.tenantId();
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    return ctx.tx(async (tx) => {
      const [row] = await tx
        .select(candidateColumns)
        .from(candidates)
        .where(eq(candidates.id, id))
        .for('update');
      if (!row) throw notFound('Candidate', id);
      if (row.erasedAt) return row as Candidate;
      const [erased] = await tx
        .update(candidates)
        .set({
          firstName: 'Erased',
          lastName: 'Candidate',
          email: `erased-${id}@erased.invalid`,
          phone: null,
          location: null,
          tags: [],
          resumeText: null,
          resumeUrl: null,
          profileUrl: null,
          retainUntil: null,
          searchAnagram: '',
          erasedAt: clock.now(),
        })
        .where(eq(candidates.id, id))
        .returning(candidateColumns);
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'candidate.erase',
          entityType: 'Candidate',
          entityId: id,
          after: { erasedAt: erased?.erasedAt },
        },
      ]);
      return erased as Candidate;
    });
  },

  /** Candidates by id for `Application.candidate`, unfiltered: the application was already authorised. */
  byIds(tx: Tx, ids: readonly string[]) {
    return tx
      .select(candidateColumns)
      .from(candidates)
      .where(inArray(candidates.id, [...ids])) as Promise<Candidate[]>;
  },
};

export async function insertCandidate(
  tx: Tx,
  tenantId: string,
  data: {
    firstName: string;
    lastName: string;
    email: string;
    phone?: string | null | undefined;
    location?: string | null | undefined;
    source: CandidateSource;
    tags?: string[] | null | undefined;
    resumeText?: string | null | undefined;
    resumeUrl?: string | null | undefined;
    profileUrl?: string | null | undefined;
    retainUntil?: string | null | undefined;
    employeeId?: string | null | undefined;
    referredByEmployeeId?: string | null | undefined;
  },
): Promise<Candidate> {
  const [row] = await tx
    .insert(candidates)
    .values({
      tenantId,
      firstName: data.firstName,
      lastName: data.lastName,
      email: data.email,
      phone: data.phone ?? null,
      location: data.location ?? null,
      source: data.source,
      tags: [...new Set(data.tags ?? [])],
      resumeText: data.resumeText ?? null,
      resumeUrl: data.resumeUrl ?? null,
      profileUrl: data.profileUrl ?? null,
      retainUntil: data.retainUntil ?? null,
      employeeId: data.employeeId ?? null,
      referredByEmployeeId: data.referredByEmployeeId ?? null,
      searchAnagram: anagramKey(`${data.firstName} ${data.lastName}`),
    })
    // A concurrent create with the same email committed first: answer CONFLICT naming it.
    .onConflictDoNothing({ target: [candidates.tenantId, candidates.email] })
    .returning(candidateColumns);
  if (!row) {
    const [existing] = await tx
      .select({ id: candidates.id })
      .from(candidates)
      .where(eq(candidates.email, data.email));
    throw new DuplicateCandidateError(existing?.id ?? 'unknown', 'email');
  }
  return row as Candidate;
}
