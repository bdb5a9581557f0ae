import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_TEXT, loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { str, type Command } from '../args.ts';

export const initCommand: Command = {
  name: 'init',
  summaryZh: '创建数据库和带注释的默认配置文件',
  summaryEn: 'create the database and a commented default config file',
  usage: 'relief-recon init [--config relief-recon.yaml]',
  helpZh: '若配置文件不存在则写入默认配置（已存在则保留），然后创建或升级数据库与目录。',
  helpEn: 'Writes the default config when none exists (an existing one is kept), then creates or upgrades the database and folders.',
  options: {},
  async run(args, io) {
    const path = resolve(str(args, 'config') ?? DEFAULT_CONFIG_FILE);
    const created = !existsSync(path);
    if (created) writeFileSync(path, DEFAULT_CONFIG_TEXT, { mode: 0o600 });
    const config = loadConfig(path);
    for (const dir of [config.inbox, config.archive, config.reports]) mkdirSync(dir, { recursive: true });
    const db = await openDatabase(config.database);
    await db.close();
    io.out(t(args.lang, created ? `已写入默认配置：${path}` : `配置文件已存在，保留不变：${path}`, created ? `wrote default config: ${path}` : `config exists, kept: ${path}`));
    io.out(msg(args.lang, 'cli.init.databaseReady', { database: config.database }));
    return 0;
  },
};
