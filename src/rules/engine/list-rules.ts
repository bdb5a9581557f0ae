/**
 * Cross-check lists declared in the config (`referenceLists`: 财政供养人员, 车辆登记, 工商登记, 服刑人员, …),
 * each one a rule `list-<key>` with the declared title, severity, clause and message: an approved
 * recipient — or the proxy who collects for one — whose ID number is on the list in force (the newest
 * file of that list) is raised, with the matching line of the list as evidence. Matched by ID number
 * only: namesakes are common and a list row without an ID is rejected at ingest.
 */
import { DEFAULT_LIST_MESSAGE, DEFAULT_LIST_MESSAGE_EN } from '../../config-schema.ts';
import type { ReferenceListConfig } from '../../config.ts';
import { activeRoster } from '../../reconcile/index.ts';
import { defineRule } from '../define-rule.ts';
import { approvedPerson, groupRows, joinText, programText, programZh, uniqueBy } from '../helpers.ts';
import type { RuleDefinition, RuleHit } from '../types.ts';

export const LIST_RULE_PREFIX = 'list-';

export function listRuleId(list: Pick<ReferenceListConfig, 'key'>): string {
  return `${LIST_RULE_PREFIX}${list.key}`;
}

/** The list line as one short text: 姓名：张三，单位：某局，… (the report masks long numbers in it). */
export function listRowText(cells: Record<string, string>, max = 6): string {
  return Object.entries(cells).slice(0, max).map(([h, v]) => `${h}：${v}`).join('，');
}

function parseCells(json: string): Record<string, string> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function listRule(list: ReferenceListConfig): RuleDefinition {
  return defineRule({
    id: listRuleId(list),
    title: list.title,
    titleEn: list.titleEn,
    severity: list.severity,
    clause: list.clause,
    messages: { default: list.message },
    // A declared list is compared with the recipients and their proxies: any new list may change it.
    reads: 'any',
    // A custom Chinese message without its English is shown as written (it is the operator's own text).
    messagesEn: { default: list.messageEn ?? (list.message === DEFAULT_LIST_MESSAGE ? DEFAULT_LIST_MESSAGE_EN : list.message) },
    async run({ db, periods }) {
      const anyFile = await db.selectFrom('sourceFiles').select('id').where('kind', '=', 'list').where('referenceList', '=', list.key).limit(1).executeTakeFirst();
      if (!anyFile) return { cannotRun: { zh: `尚未导入「${list.name}」名单（ingest --list ${list.key}），无法比对`, en: `no file of the list ${list.key} has been ingested (ingest --list ${list.key})` } };
      const inForce = db
        .selectFrom('referenceRows as lr')
        .innerJoin('sourceFiles as lf', 'lf.id', 'lr.fileId')
        .where('lf.kind', '=', 'list')
        .where('lf.referenceList', '=', list.key)
        .where('lf.supersededBy', 'is', null)
        .select(['lr.fileId', 'lr.rowNo', 'lr.idNumber', 'lr.cellsJson']);
      const matches = async (role: 'recipient' | 'proxy') =>
        db
          .selectFrom(activeRoster(db, periods).as('r'))
          .innerJoin(inForce.as('l'), 'l.idNumber', role === 'recipient' ? 'r.idNumber' : 'r.proxyIdNumber')
          .select([
            'r.period', 'r.idNumber', 'r.name', 'r.district', 'r.districtCode', 'r.program', 'r.approvedFen', 'r.accountNo', 'r.fileId', 'r.rowNo',
            'r.proxyName', 'r.proxyIdNumber', 'l.fileId as listFileId', 'l.rowNo as listRowNo', 'l.cellsJson',
          ])
          .orderBy('r.period').orderBy('r.idNumber').orderBy('r.fileId').orderBy('r.rowNo').orderBy('l.fileId').orderBy('l.rowNo')
          .execute();
      const hits: RuleHit[] = [];
      for (const role of list.proxies ? (['recipient', 'proxy'] as const) : (['recipient'] as const)) {
        for (const all of groupRows(await matches(role), (r) => `${r.period}|${r.idNumber}`)) {
          const first = all[0]!;
          const rosterRows = uniqueBy(all, (r) => `${r.fileId}|${r.rowNo}`);
          const listRows = uniqueBy(all, (r) => `${r.listFileId}|${r.listRowNo}`);
          const programs = [...new Set(rosterRows.map((r) => r.program))];
          const approvedFen = rosterRows.reduce((sum, r) => sum + Number(r.approvedFen), 0);
          const cells = listRows.map((r) => parseCells(r.cellsJson));
          hits.push({
            subject: { period: first.period, idNumber: first.idNumber, role },
            values: {
              who: role === 'recipient' ? '救助对象本人' : `代领人${first.proxyName ?? ''}`,
              list: list.name,
              listRow: listRowText(cells[0] ?? {}),
              programs: programs.map(programZh).join('、'),
              approvedFen,
            },
            valuesEn: { who: role === 'recipient' ? 'the recipient' : `the proxy ${first.proxyName ?? ''}`.trimEnd(), programs: joinText(programs.map(programText)) },
            ...approvedPerson(first, programs),
            expectedFen: approvedFen,
            evidence: [...rosterRows.map((r) => ({ fileId: r.fileId, rowNo: r.rowNo })), ...listRows.map((r) => ({ fileId: r.listFileId, rowNo: r.listRowNo }))],
            data: {
              list: list.key,
              listName: list.name,
              role,
              listRows: cells,
              programs,
              approvedFen,
              ...(role === 'proxy' ? { proxy: { name: first.proxyName, idNumber: first.proxyIdNumber } } : {}),
            },
          });
        }
      }
      return hits;
    },
  }) as unknown as RuleDefinition;
}

export function listRules(lists: readonly ReferenceListConfig[]): RuleDefinition[] {
  return lists.map(listRule);
}

const SEVERITY_TEXT = { high: '高 (high)', medium: '中 (medium)', low: '低 (low)' } as const;

/** The doc page of a declared list's rule, in the layout of docs/rules/<id>.md. */
export function listRuleDoc(list: ReferenceListConfig): string {
  return `# ${list.title} · \`${listRuleId(list)}\`

> 本页由配置文件 \`referenceLists.${list.key}\` 生成（\`relief-recon lists --docs DIR\`），随配置修改而重新生成。

- **默认级别**：${SEVERITY_TEXT[list.severity]}
- **政策依据**：${list.clause}
- **比对名单**：${list.name}（代号 \`${list.key}\`）
- **主体（subject key）**：\`period\`, \`idNumber\`, \`role\`（\`recipient\` 救助对象本人 / \`proxy\` 代领人）

## 标记什么
本月有效名册上的救助对象${list.proxies ? '，或名册上为其代领的代领人，' : ''}其身份证号出现在当前有效的「${list.name}」名单中。
同一人本月多条名册行合为一条；证据为这些名册行和名单中匹配的行，\`data.listRows\` 给出名单行的全部内容（按表头）。

## 不标记什么
- 名单中同名但身份证号不同的人（只按身份证号比对，不按姓名猜）。
- 名单中没有身份证号的行（入库时即拒收并说明原因）。
- 只出现在已被新名单替代的旧名单中（同一名单以最新导入的文件为准）。
- 只出现在被更正名册替代的旧名册中，或只出现在本次未运行的月份中。${list.proxies ? '' : '\n- 代领人（本名单配置为不比对代领人：`proxies: false`）。'}

## 名单文件
- 身份证号列（任一）：${list.idColumns.map((c) => `「${c}」`).join('、')}
- 姓名列（任一）：${list.nameColumns.map((c) => `「${c}」`).join('、')}
- 导入：\`relief-recon ingest --list ${list.key} 文件\`${list.files.length ? `；收件箱中文件名匹配 ${list.files.map((f) => `\`${f}\``).join('、')} 的文件自动按此名单读取` : ''}。

## 选项
无（级别可在 \`rules.${listRuleId(list)}\` 中改为 off / high / medium / low）。

## 消息
\`${list.message}\`
`;
}
