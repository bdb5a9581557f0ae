/**
 * The tester itself must be able to fail: a flagged case that does not state its message id, values or
 * severity, a message left with an unfilled {placeholder}, a wrong value, and a declared message id that
 * no case exercises are each refused.
 */
import { describe, expect, it } from 'vitest';
import { defineRule } from './define-rule.ts';
import { checkFilled, checkStated, unexercisedMessageIds, verifyFlagged, type RuleCase } from './rule-tester.ts';
import type { RuleHit } from './types.ts';

/** A rule that reports one fixed hit, whatever the data: the tester, not the rule, is under test. */
const fixed = (hit: Omit<RuleHit, 'evidence'>, messages: Record<string, string> = { default: '实发 {paidFen} 元（{paidCount} 笔）', other: '另一条 {who}' }) =>
  defineRule({ id: 'fixed-hit', title: '测试规则', titleEn: 'Test rule', severity: 'medium', clause: '测试', reads: [], messages, messagesEn: messages, run: async () => [{ ...hit, evidence: [] }] });

const SUBJECT = { period: '2026-11', idNumber: '500101195003150016' };
const FULL = { subject: SUBJECT, messageId: 'default', severity: 'medium' as const, values: { paidFen: 77000, paidCount: 1 } };
const flagged = (expect: unknown[]): RuleCase => ({ name: 'one hit', expect: expect as RuleCase['expect'] });

describe('rule tester', () => {
  it('passes a case that states subject, message id, values and severity exactly', async () => {
    const hits = await verifyFlagged(fixed({ subject: SUBJECT, values: { paidFen: 77000, paidCount: 1 } }), flagged([FULL]));
    expect(hits).toHaveLength(1);
  });

  for (const field of ['messageId', 'values', 'severity', 'subject'] as const) {
    it(`fails a flagged case whose expected finding does not state ${field}`, async () => {
      const { [field]: _left, ...rest } = FULL;
      const rule = fixed({ subject: SUBJECT, values: { paidFen: 77000, paidCount: 1 } });
      expect(() => checkStated(rule, flagged([rest]))).toThrow(`must state ${field}`);
      await expect(verifyFlagged(rule, flagged([rest]))).rejects.toThrow(`must state ${field}`);
    });
  }

  it('fails a flagged case that lists no findings at all', () => {
    expect(() => checkStated(fixed({ subject: SUBJECT }), { name: 'bare' })).toThrow('must list the findings');
  });

  it('fails a stated message id the rule does not declare', () => {
    expect(() => checkStated(fixed({ subject: SUBJECT }), flagged([{ ...FULL, messageId: 'nope' }]))).toThrow('"nope" is not one of the rule\'s messages (default, other)');
  });

  it('fails a hit whose message keeps an unfilled {placeholder}', async () => {
    const rule = fixed({ subject: SUBJECT, values: { paidFen: 77000 } });
    expect(() => checkFilled(rule, { subject: SUBJECT, values: { paidFen: 77000 }, evidence: [] })).toThrow('leaves {paidCount} unfilled');
    // Even when the table states the same incomplete values, the case fails.
    await expect(verifyFlagged(rule, flagged([{ ...FULL, values: { paidFen: 77000 } }]))).rejects.toThrow('leaves {paidCount} unfilled');
  });

  it('checks the English message too (messagesEn), filled from the same values', () => {
    const rule = { id: 'two-languages', messages: { default: '实发 {paidFen} 元' }, messagesEn: { default: 'paid {paidFen} in {paidCount} rows' } };
    expect(() => checkFilled(rule, { subject: SUBJECT, values: { paidFen: 77000 }, evidence: [] })).toThrow('leaves {paidCount} unfilled');
    expect(() => checkFilled(rule, { subject: SUBJECT, values: { paidFen: 77000, paidCount: 1 }, evidence: [] })).not.toThrow();
  });

  it('fails a hit that names a message the rule does not declare', () => {
    expect(() => checkFilled(fixed({ subject: SUBJECT }), { subject: SUBJECT, messageId: 'gone', evidence: [] })).toThrow('names message "gone"');
  });

  it('fails when the rule reports another value, message id or severity than the table states', async () => {
    const rule = fixed({ subject: SUBJECT, messageId: 'other', values: { who: '王小红' }, severity: 'high' });
    const right = { subject: SUBJECT, messageId: 'other', severity: 'high', values: { who: '王小红' } };
    await expect(verifyFlagged(rule, flagged([right]))).resolves.toHaveLength(1);
    await expect(verifyFlagged(rule, flagged([{ ...right, values: { who: '赵德明' } }]))).rejects.toThrow();
    await expect(verifyFlagged(rule, flagged([{ ...right, messageId: 'default' }]))).rejects.toThrow();
    await expect(verifyFlagged(rule, flagged([{ ...right, severity: 'medium' }]))).rejects.toThrow();
  });

  it('names the message ids that no flagged case exercises', () => {
    const rule = fixed({ subject: SUBJECT }, { default: 'a', holder: 'b {x}', both: 'c' });
    expect(unexercisedMessageIds(rule, [flagged([FULL])])).toEqual(['holder', 'both']);
    expect(unexercisedMessageIds(rule, [flagged([FULL, { ...FULL, messageId: 'both' }]), flagged([{ ...FULL, messageId: 'holder' }])])).toEqual([]);
    // A quiet case exercises nothing.
    expect(unexercisedMessageIds(rule, [])).toEqual(['default', 'holder', 'both']);
  });
});
