/** 代发明细 / 回盘 rows → payments. */
import { normaliseName, parseStatus } from '../../domain/index.ts';
import { accountNo, cell, date, idNumber, missing, money, period, reason, shown, text, textOrNull } from './cells.ts';
import { district } from './district.ts';
import { program } from './program.ts';
import type { Reason, RowNormaliser } from './types.ts';

/**
 * The payment key ties together the rows, in this file and later ones, that report on one payment:
 * the bank's serial number when it gives one, else period + person + account + amount. Rows of one
 * file that share a key are numbered afterwards, in file order (see payment-keys.ts): a second *paid*
 * row for a key already paid is a second payment (a duplicate to flag) and gets its own key; a paid
 * row after a failed one is the re-payment of the same payment.
 */
export function createBankRows(): RowNormaliser<'payments'> {
  return {
    normalise(cells, rowNo, ctx) {
      const reasons: Reason[] = [];
      const id = idNumber(cells, ctx, 'idNumber');
      const account = accountNo(cells, ctx, 'accountNo');
      if (!id && !account) reasons.push(missing(ctx, 'accountNo', ['和身份证号码：无法确定收款人', ' and ID number: the payee cannot be identified']));
      const amount = money(cells, ctx, 'amount', reasons);
      const fee = money(cells, ctx, 'fee', reasons, true);
      const rawStatus = cell(cells, ctx, 'status');
      const status = parseStatus(rawStatus === null ? '' : String(rawStatus), ctx.statusCodes ?? undefined);
      if (!status) {
        const raw = shown(rawStatus);
        reasons.push(
          raw === ''
            ? reason(ctx, 'status', 'status-empty', (f) => `${f}为空：无法判断是否发放成功`, (f) => `${f} is empty: cannot tell whether it was paid`)
            : reason(ctx, 'status', 'status-unknown', (f) => `${f} "${raw}" 不是已知的交易状态（成功、失败、退票、处理中）`, (f) => `${f} "${raw}" is not a known status (paid, failed, returned, pending)`),
        );
      }
      const paidOn = date(cells, ctx, 'paidOn');
      const prog = program(cells, ctx, reasons, false);
      const per = period(cells, ctx, reasons, paidOn ? paidOn.slice(0, 7) : null);
      if (reasons.length) return { ok: false, reasons };
      const serial = textOrNull(cells, ctx, 'serialNo');
      const key = serial ? `sn:${serial}` : `${per}|${id?.value ?? ''}|${account ?? ''}|${amount}`;
      const d = district(cells, ctx);
      const holder = text(cells, ctx, 'accountHolder');
      return {
        ok: true,
        row: {
          rowNo,
          paymentKey: key,
          period: per!,
          district: d.name,
          program: prog,
          batchNo: textOrNull(cells, ctx, 'batchNo'),
          serialNo: serial,
          idNumber: id?.value ?? null,
          idValid: id ? id.code : null,
          accountNo: account,
          accountHolder: holder ? normaliseName(holder) : null,
          amountFen: amount!,
          feeFen: fee,
          label: textOrNull(cells, ctx, 'label'),
          paidOn,
          status: status!,
          failReason: textOrNull(cells, ctx, 'failReason'),
          bankName: textOrNull(cells, ctx, 'bankName'),
        },
      };
    },
  };
}
