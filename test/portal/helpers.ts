/**
 * A portal on 127.0.0.1 (port 0) over a temp data folder: a first run already made from roster and
 * bank files of 万州区 and 渝中区, and one account of every kind. Screenshots go to test-output/portal/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_CONFIG_TEXT, parseConfig, type Config } from '../../src/config.ts';
import { openDatabase, type Db, scratchDatabaseUrl, testDialect } from '../../src/db/index.ts';
import { idCheckChar } from '../../src/domain/index.ts';
import { memoryLog, runPipeline, type PipelineOptions } from '../../src/pipeline/index.ts';
import { buildPortal, createUser, type PipelineRunner } from '../../src/portal/index.ts';

export const ROOT = join(import.meta.dirname, '../..');
export const ROWS = join(ROOT, 'fixtures/scenarios/rows');
export const TEST_OUTPUT = join(ROOT, 'test-output/portal');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const PASSWORD = 'correct-horse-42';
export const ACCOUNTS = {
  operator: { name: 'op-li', role: 'operator' },
  bank: { name: 'rcb-wang', role: 'bank', bank: '重庆农村商业银行' },
  otherBank: { name: 'ccb-zhao', role: 'bank', bank: '中国建设银行' },
  supervisor: { name: 'jw-chen', role: 'supervisor' },
  yuzhongSupervisor: { name: 'yz-liu', role: 'supervisor', districts: ['渝中区'] },
} as const;

export function testOutput(): string {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  return TEST_OUTPUT;
}

function id(first15: string, seq: number): string {
  const first17 = `${first15}${seq}`.padEnd(17, '0').slice(0, 17);
  return first17 + idCheckChar(first17);
}

export const YUZHONG_PAID_UNDER_BAD_LABEL = id('500103197505050', 2);

/** 渝中区: three approved, two paid, one of them under a label that is not a standard one. */
function writeYuzhong(inbox: string): void {
  const a = id('500103198001010', 1);
  const b = YUZHONG_PAID_UNDER_BAD_LABEL;
  const c = id('500103196512120', 3);
  writeFileSync(
    join(inbox, 'roster-yuzhong-dibao-2026-11.csv'),
    [
      '发放月份,区县,乡镇(街道),村(社区),姓名,身份证号码,救助类别,保障人数,核定金额,银行账号,账户名',
      `2026-11,渝中区,解放碑街道,民族路社区,陈国强,${a},城市低保,1,770.00,6217000012340001,陈国强`,
      `2026-11,渝中区,解放碑街道,民族路社区,周玉兰,${b},城市低保,2,"1,540.00",6217000012340002,周玉兰`,
      `2026-11,渝中区,解放碑街道,民族路社区,吴德明,${c},城市低保,1,770.00,6217000012340003,吴德明`,
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(inbox, 'zz-bank-yuzhong-dibao-2026-11.csv'),
    [
      '发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,手续费,用途,交易日期,状态,流水号',
      `2026-11,渝中区,低保,陈国强,${a},6217000012340001,770.00,0.00,低保金,2026-11-25,成功,YZ1`,
      `2026-11,渝中区,低保,周玉兰,${b},6217000012340002,1540.00,0.00,生活补贴,2026-11-25,成功,YZ2`,
    ].join('\n') + '\n',
  );
}

export interface Portal {
  dir: string;
  url: string;
  config: Config;
  db: Db;
  app: FastifyInstance;
  runner: PipelineRunner;
  firstRunId: number;
  close(): Promise<void>;
}

const quietPipeline = (config: Config, opts: PipelineOptions) => runPipeline(config, { ...opts, log: memoryLog(), worker: false });

export async function startPortal(): Promise<Portal> {
  const dir = mkdtempSync(join(tmpdir(), 'relief-recon-portal-'));
  const base = testDialect() === 'postgres' ? DEFAULT_CONFIG_TEXT.replace(/^database: .*$/m, `database: ${scratchDatabaseUrl()}`) : DEFAULT_CONFIG_TEXT;
  const configText = `${base.replace(/^portal:[\s\S]*$/m, '')}portal:\n  maxUploadMb: 1\n  unmaskRoles: [operator]\n`;
  writeFileSync(join(dir, 'relief-recon.yaml'), configText);
  const config = parseConfig(configText, join(dir, 'relief-recon.yaml'), join(dir, 'relief-recon.yaml'));
  mkdirSync(config.inbox, { recursive: true });
  copyFileSync(join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv'), join(config.inbox, 'roster-wanzhou-dibao-2026-11-three-people.csv'));
  copyFileSync(join(ROWS, 'bank-batch-wanzhou-dibao-first-send.csv'), join(config.inbox, 'zz-bank-batch-wanzhou-dibao-first-send.csv'));
  writeYuzhong(config.inbox);
  const first = await quietPipeline(config, { trigger: 'schedule' });
  if (first.outcome !== 'done') throw new Error(`the seed run did not finish: ${JSON.stringify(first.error)}`);

  const db = await openDatabase(config.database);
  for (const a of Object.values(ACCOUNTS)) {
    await createUser(db, { name: a.name, role: a.role, bank: 'bank' in a ? a.bank : null, districts: 'districts' in a ? [...a.districts] : null, password: PASSWORD });
  }
  const { app, runner } = await buildPortal({ config, db, secret: 'test-secret-'.repeat(4), startPipeline: quietPipeline });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    dir, url, config, db, app, runner, firstRunId: first.runId,
    async close() {
      await runner.settled();
      await app.close();
      await db.close();
    },
  };
}
