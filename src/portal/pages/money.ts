/** Money at stake beside the portal's counts: one line, from the one computation in src/findings. */
import { formatYuan } from '../../domain/index.ts';
import { MONEY_KIND_EN, MONEY_KIND_ZH, MONEY_KINDS, type MoneyAtStake } from '../../findings/index.ts';
import { t } from '../../lang.ts';
import { html, type Html } from '../../report/index.ts';
import type { PageContext } from '../types.ts';

/** "未结疑点涉及金额 X 元（N 条）：金额差异 …" — or nothing-at-stake, said plainly. */
export function moneyLine(ctx: PageContext, money: MoneyAtStake, id: string): Html {
  const l = ctx.lang;
  if (money.count === 0) return html`<p class="muted" id="${id}">${t(l, '未结疑点不涉及金额差异、名单外付款、收费或向已死亡人员的付款。', 'No open finding is about a difference, an unapproved payment, a fee or a payment to a deceased person.')}</p>`;
  const parts = MONEY_KINDS.filter((k) => money.byKind[k].count > 0).map(
    (k) => html`<span data-kind="${k}">${t(l, MONEY_KIND_ZH[k], MONEY_KIND_EN[k])} ${formatYuan(money.byKind[k].fen)} ${t(l, '元', 'yuan')}（${money.byKind[k].count}）</span>`,
  );
  return html`<p id="${id}"><b>${t(l, '未结疑点涉及金额', 'Money at stake in open findings')} <span class="money-total">${formatYuan(money.fen)}</span> ${t(l, '元', 'yuan')}</b>（${t(l, `${money.count} 条`, `${money.count} findings`)}）：${parts.map((p, i) => (i ? html`；${p}` : p))}</p>`;
}

/** The runs table's cell: total and count, the kinds in its title. */
export function moneyCell(ctx: PageContext, money: MoneyAtStake | null | undefined): Html {
  const l = ctx.lang;
  if (!money) return html`<td class="num">—</td>`;
  const title = MONEY_KINDS.map((k) => `${t(l, MONEY_KIND_ZH[k], MONEY_KIND_EN[k])} ${formatYuan(money.byKind[k].fen)}（${money.byKind[k].count}）`).join('；');
  return html`<td class="num money" title="${title}">${formatYuan(money.fen)}<br><span class="muted">${t(l, `${money.count} 条`, `${money.count} findings`)}</span></td>`;
}
