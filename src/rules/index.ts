/**
 * The rule registry: every rule, by id, sorted. Adding a rule means adding its file, its test, its
 * doc page and one line here; the meta-test checks all four.
 */
import type { RuleDefinition } from './types.ts';
import aboveStandard from './above-standard.ts';
import accountHolderMismatch from './account-holder-mismatch.ts';
import amountMismatch from './amount-mismatch.ts';
import bankFee from './bank-fee.ts';
import controlTotal from './control-total.ts';
import countMismatch from './count-mismatch.ts';
import deceasedRecipient from './deceased-recipient.ts';
import duplicatePayment from './duplicate-payment.ts';
import duplicateRosterId from './duplicate-roster-id.ts';
import failedPayment from './failed-payment.ts';
import fundsIdle from './funds-idle.ts';
import invalidId from './invalid-id.ts';
import latePayment from './late-payment.ts';
import missingPayment from './missing-payment.ts';
import nonstandardLabel from './nonstandard-label.ts';
import overDisbursed from './over-disbursed.ts';
import pettyCashStaff from './petty-cash-staff.ts';
import pettyCashUnregistered from './petty-cash-unregistered.ts';
import proxyWithoutAgreement from './proxy-without-agreement.ts';
import sharedAccount from './shared-account.ts';
import staffProxy from './staff-proxy.ts';
import staffRecipient from './staff-recipient.ts';
import totalMismatch from './total-mismatch.ts';
import unapprovedPayment from './unapproved-payment.ts';

type AnyRule = RuleDefinition<Record<string, unknown>>;

export const RULES: Readonly<Record<string, AnyRule>> = {
  'above-standard': aboveStandard as AnyRule,
  'account-holder-mismatch': accountHolderMismatch as AnyRule,
  'amount-mismatch': amountMismatch as AnyRule,
  'bank-fee': bankFee as AnyRule,
  'control-total': controlTotal as AnyRule,
  'count-mismatch': countMismatch as AnyRule,
  'deceased-recipient': deceasedRecipient as AnyRule,
  'duplicate-payment': duplicatePayment as AnyRule,
  'duplicate-roster-id': duplicateRosterId as AnyRule,
  'failed-payment': failedPayment as AnyRule,
  'funds-idle': fundsIdle as AnyRule,
  'invalid-id': invalidId as AnyRule,
  'late-payment': latePayment as AnyRule,
  'missing-payment': missingPayment as AnyRule,
  'nonstandard-label': nonstandardLabel as AnyRule,
  'over-disbursed': overDisbursed as AnyRule,
  'petty-cash-staff': pettyCashStaff as AnyRule,
  'petty-cash-unregistered': pettyCashUnregistered as AnyRule,
  'proxy-without-agreement': proxyWithoutAgreement as AnyRule,
  'shared-account': sharedAccount as AnyRule,
  'staff-proxy': staffProxy as AnyRule,
  'staff-recipient': staffRecipient as AnyRule,
  'total-mismatch': totalMismatch as AnyRule,
  'unapproved-payment': unapprovedPayment as AnyRule,
};

export { ruleThreadPossible, runRuleJobs, startRuleThread, type RuleJob, type RuleJobsResult, type RuleThread } from './engine/two-threads.ts';
export { runRules, type Finding, type Evidence, type RuleOutcome, type RuleMeta, type EngineResult } from './engine/run-rules.ts';
export { proxyRegistryResent, readsAnyOf, type ReferenceKind } from './engine/inputs.ts';
export { listRule, listRules, listRuleDoc, listRuleId, listRowText, LIST_RULE_PREFIX } from './engine/list-rules.ts';
export type { Severity, RuleDefinition, RuleHit } from './types.ts';
export { SEVERITY_RANK, SEVERITY_ZH } from './types.ts';
