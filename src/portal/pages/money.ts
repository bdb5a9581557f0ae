/** Money at stake beside the portal's counts: one line, from the one computation in src/findings. */
import { formatYuan } from '../../domain/index.ts';
import { MONEY_KIND_EN, MONEY_KIND_ZH, MONEY_KINDS, type MoneyAtStake } from '../../findings/index.ts';
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { html, type Html } from '../../report/index.ts';
import type { PageContext } from '../types.ts';

/** "未结疑点涉及金额 X 元（N 条）：金额差异 …" — or nothing-at-stake, said plainly. */
export function moneyLine(ctx: PageContext, money: MoneyAtStake, id: string): Html {
  const l = ctx.lang;
  if (money.count === 0) return html`<p class="muted" id="${id}">${msg(l, 'pages.money.noOpenFindingIs')}</p>`;
  const parts = MONEY_KINDS.filter((k) => money.byKind[k].count > 0).map(
    (k) => html`<span data-kind="${k}">${t(l, MONEY_KIND_ZH[k], MONEY_KIND_EN[k])} ${formatYuan(money.byKind[k].fen)} ${msg(l, 'pages.money.yuan')}（${money.byKind[k].count}）</span>`,
  );
  return html`<p id="${id}"><b>${msg(l, 'pages.money.moneyAtStakeIn')} <span class="money-total">${formatYuan(money.fen)}</span> ${msg(l, 'pages.money.yuan2')}</b>（${msg(l, 'pages.money.findings', { count: money.count })}）：${parts.map((p, i) => (i ? html`；${p}` : p))}</p>`;
}

/** The runs table's cell: total and count, the kinds in its title. */
export function moneyCell(ctx: PageContext, money: MoneyAtStake | null | undefined): Html {
  const l = ctx.lang;
  if (!money) return html`<td class="num">—</td>`;
  const title = MONEY_KINDS.map((k) => `${t(l, MONEY_KIND_ZH[k], MONEY_KIND_EN[k])} ${formatYuan(money.byKind[k].fen)}（${money.byKind[k].count}）`).join('；');
  return html`<td class="num money" title="${title}">${formatYuan(money.fen)}<br><span class="muted">${msg(l, 'pages.money.findings2', { count: money.count })}</span></td>`;
}
