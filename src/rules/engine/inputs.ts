/**
 * Which reference lists a rule reads, so that a night bringing a new list re-checks old periods with only the
 * rules that list can change (the cost of a night grows with what is new, not with the history). Each rule
 * declares them itself (`reads` of defineRule); a declared list rule reads `any` — it re-checks every period
 * whenever any list is new: slower, never wrong. test/rules/rule-inputs.test.ts checks each declaration
 * against the tables the rule's source names.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { RuleDefinition } from '../types.ts';

export type { ReferenceKind } from '../types.ts';

/**
 * Whether a rule must judge every period again when files of these reference kinds are new: it reads one
 * of them, or is not known to read none of them (no such rule, or one that reads `any`).
 */
export function readsAnyOf(rule: Pick<RuleDefinition, 'reads'> | undefined, kinds: readonly string[]): boolean {
  const reads = rule?.reads ?? 'any';
  return reads === 'any' || reads.some((k) => kinds.includes(k));
}

/**
 * True when the proxy registry files above the watermark add nothing the rules read: every agreement in them has
 * an earlier one (in a file a finished run covered) of the same recipient, proxy name and proxy ID, and none of
 * their ID numbers is invalid. Registries are re-sent whole every month; agreements only accumulate (no file
 * supersedes another), and the three rules that read them ask whether such an agreement exists
 * (proxy-without-agreement, account-holder-mismatch) or list the registry's invalid ID numbers with their count
 * (invalid-id). So such a file changes no verdict of an earlier month, and re-judging every month for it cost
 * in proportion to the history (at 1M rows a month: 0.8 s per rule at month 2, 2.2 s at month 4). A rule that comes
 * to read the registry, or more of it, must be weighed here (test/rules/rule-inputs.test.ts names the three).
 */
export async function proxyRegistryResent(db: Kysely<Database>, above: number): Promise<boolean> {
  const adds = await db
    .selectFrom('proxyAgreements as a')
    .select('a.id')
    .where('a.fileId', '>', above)
    .where((eb) =>
      eb.or([
        eb('a.recipientIdValid', '<>', 1),
        eb.and([eb('a.proxyIdValid', 'is not', null), eb('a.proxyIdValid', '<>', 1)]),
        eb.not(
          eb.exists(
            eb
              .selectFrom('proxyAgreements as b')
              .select('b.id')
              .where('b.fileId', '<=', above)
              .whereRef('b.recipientIdNumber', '=', 'a.recipientIdNumber')
              .whereRef('b.proxyName', '=', 'a.proxyName')
              .where((e) => e('b.proxyIdNumber', 'is not distinct from', e.ref('a.proxyIdNumber'))),
          ),
        ),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return adds === undefined;
}
