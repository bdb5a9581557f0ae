/**
 * 四（三）3：各级民政部门、代理金融机构要进一步规范社会救助资金发放名目，严格按低保金、特困供养金、临时救助金等
 * 规范名目进行发放，杜绝以工资、补贴等名目发放社会救助资金，切实避免救助对象的误解和产生不必要的社会矛盾。
 * A paid row whose label is not a standard label of the program of the approval it paid (reconcile's
 * assignment; a payment no approval took is judged against its batch's program, and one of unknown program
 * has no standard label);
 * a label with a forbidden word (工资, 补贴, 奖金, 劳务, 报酬) is high, any other non-standard label medium.
 */
import type { Expression } from 'kysely';
import { FORBIDDEN_LABEL_WORDS, PROGRAMS, type Program } from '../domain/index.ts';
import { defineRule } from './define-rule.ts';
import { groupRows, programText, wholePeriods } from './helpers.ts';
import type { RuleHit } from './types.ts';

const PROGRAM_CODES = Object.keys(PROGRAMS) as Program[];

export default defineRule({
  id: 'nonstandard-label',
  title: '发放名目不规范',
  titleEn: 'Payment label is not a standard label',
  severity: 'medium',
  clause: '四（三）3',
  reads: [],
  messages: {
    default: '以「{label}」名目发放{programZh} {amountFen} 元（{rows} 笔），不是规范名目，应为{standardLabels}',
    forbidden: '以「{label}」名目发放{programZh} {amountFen} 元（{rows} 笔），名目含禁用字词「{word}」，应为{standardLabels}',
  },
  messagesEn: {
    default: 'paid {programZh} {amountFen} yuan ({rows} payments) under the label "{label}", which is not a standard label; it should be {standardLabels}',
    forbidden: 'paid {programZh} {amountFen} yuan ({rows} payments) under the label "{label}", which contains the forbidden word "{word}"; it should be {standardLabels}',
  },
  async run(ctx) {
    const { db } = ctx;
    const rows = await db
      .selectFrom('reconPayments as p')
      .leftJoin('rosterEntries as r', (j) => j.onRef('r.id', '=', 'p.rosterId').onRef('r.period', '=', 'p.period'))
      // Most paid rows carry a label: the month is read in one pass (pruned to its partition on PostgreSQL).
      .where(await wholePeriods(ctx, 'reconPayments', 'p'))
      .where('p.status', '=', 'paid')
      .where('p.label', 'is not', null)
      .where((eb) => {
        // The matched approval's program, from the payment's own row (no roster row is read for the test); the
        // join above gives the flagged rows their approval's name and district code.
        const paidProgram = eb.fn.coalesce('p.approvedProgram', 'p.program');
        const standard = (label: Expression<string | null>) =>
          eb.or(PROGRAM_CODES.map((program) => eb.and([eb(paidProgram, '=', program), eb(label, 'in', [...PROGRAMS[program].standardLabels])])));
        // Inner spaces do not make a label non-standard (低保 金); ingest has already trimmed and NFKC-normalised
        // it. The exact test first, so the replace() runs only on the few rows that are not exactly standard.
        return eb.and([eb.not(standard(eb.ref('p.label'))), eb.not(standard(eb.fn<string>('replace', ['p.label', eb.val(' '), eb.val('')])))]);
      })
      .select((eb) => [
        'p.period',
        eb.fn.coalesce('p.recipientIdNumber', 'p.idNumber').as('person'),
        'p.accountNo',
        'p.label',
        eb.fn.coalesce('p.approvedProgram', 'p.program').as('program'),
        'p.district',
        'r.districtCode',
        eb.fn.coalesce('r.name', 'p.accountHolder').as('name'),
        'p.amountFen',
        'p.fileId',
        'p.rowNo',
      ])
      .execute();

    // Only flagged rows came back; gather them into one hit per (period, person, label).
    return groupRows(rows, (r) => JSON.stringify([r.period, r.person ?? '', r.person ? '' : (r.accountNo ?? ''), r.label])).map((group): RuleHit => {
      const first = group[0]!;
      const label = first.label!;
      const known = (PROGRAM_CODES as string[]).includes(first.program);
      const program = first.program as Program;
      const word = FORBIDDEN_LABEL_WORDS.find((w) => label.replace(/\s/g, '').includes(w)) ?? null;
      const amountFen = group.reduce((s, r) => s + Number(r.amountFen), 0);
      const standardLabels = known
        ? PROGRAMS[program].standardLabels.join('、')
        : PROGRAM_CODES.map((p) => PROGRAMS[p].standardLabels[0]).join('、') + '等';
      return {
        subject: first.person
          ? { period: first.period, idNumber: first.person, label }
          : { period: first.period, accountNo: first.accountNo ?? '', label },
        messageId: word ? 'forbidden' : 'default',
        severity: word ? 'high' : 'medium',
        values: { label, programZh: known ? PROGRAMS[program].short : '类别未知的救助款', amountFen, rows: group.length, standardLabels, word },
        valuesEn: { programZh: known ? programText(program) : 'assistance of unknown program', standardLabels: standardLabels.replace(/、/g, ', ').replace(/等$/, ', …') },
        period: first.period,
        district: first.district,
        districtCode: first.districtCode,
        program: first.program,
        idNumber: first.person,
        name: first.name,
        accountNo: first.accountNo,
        actualFen: amountFen,
        evidence: group.map((r) => ({ fileId: r.fileId, rowNo: r.rowNo })),
        data: { label, forbiddenWord: word, rows: group.length, amountFen, standardLabels: known ? PROGRAMS[program].standardLabels : [] },
      };
    });
  },
});
