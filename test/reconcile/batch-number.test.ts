/**
 * The operator's batch-number pattern (config `batchNumber`): read and refused as the config is loaded,
 * and decoded into a batch's period, district and program.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { UserError } from '../../src/errors.ts';
import { decodeBatchNumber } from '../../src/reconcile/batch-number.ts';

const config = (yaml: string) => parseConfig(yaml, '/etc/relief-recon.yaml', '/etc/relief-recon.yaml');
const CQ = `batchNumber:
  pattern: '^(?<period>\\d{6})(?<district>\\d{6})(?<program>\\d{2})\\d+$'
  programs: { "01": 低保, "02": 特困, "03": 临时救助 }
`;

describe('batch-number pattern', () => {
  it('decodes a Chongqing batch number: YYYYMM + district code + program code + sequence', () => {
    const p = config(CQ).batchNumber!;
    expect(decodeBatchNumber('202611500156030007', p)).toEqual({ period: '2026-11', district: '武隆区', program: 'linshi' });
    expect(decodeBatchNumber('202611500101010001', p)).toEqual({ period: '2026-11', district: '万州区', program: 'dibao' });
  });

  it('leaves unknown codes unknown and does not decode a number that does not fit', () => {
    const p = config(CQ).batchNumber!;
    expect(decodeBatchNumber('202611999999090001', p)).toEqual({ period: '2026-11', district: null, program: null });
    expect(decodeBatchNumber('DF500101202611001', p)).toBeNull();
  });

  it('is off unless configured', () => {
    expect(config('lang: zh\n').batchNumber).toBeNull();
  });

  it('refuses a pattern with no usable named group, naming the key', () => {
    const e = (() => {
      try {
        config(`batchNumber:\n  pattern: '^(\\d{6})(?<seq>\\d+)$'\n`);
      } catch (err) {
        return err as UserError;
      }
      throw new Error('accepted');
    })();
    expect(e).toBeInstanceOf(UserError);
    expect(e.messageZh).toBe('配置文件 /etc/relief-recon.yaml 第 2 行的「batchNumber.pattern」没有可用的命名分组：应含 (?<period>…)、(?<district>…) 或 (?<program>…) 至少一个');
  });

  it('refuses a program group without a code table, and a table value that is not a program', () => {
    const zh = (yaml: string) => {
      try {
        config(yaml);
      } catch (err) {
        return (err as UserError).messageZh;
      }
      return 'accepted';
    };
    expect(zh(`batchNumber:\n  pattern: '^(?<program>\\d{2})'\n`)).toContain('「batchNumber.programs」缺少');
    expect(zh(`batchNumber:\n  pattern: '^(?<program>\\d{2})'\n  programs: { "01": 工资 }\n`)).toContain('「batchNumber.programs."01"」应为低保、特困或临时救助');
    expect(zh(`batchNumber:\n  pattern: '^(?<program>\\d{2}'\n`)).toContain('「batchNumber.pattern」不是有效的正则表达式');
  });
});
