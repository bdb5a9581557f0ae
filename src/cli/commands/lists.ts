import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { EXIT } from '../../errors.ts';
import { type Lang } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { listRuleDoc, listRuleId } from '../../rules/index.ts';
import { str, type Command } from '../args.ts';

export const listsCommand: Command = {
  name: 'lists',
  summaryZh: '列出配置中声明的比对名单（财政供养人员、车辆登记等）及当前有效的名单文件；--docs 生成各名单规则的说明页',
  summaryEn: 'show the cross-check lists declared in the config and the file in force for each; --docs writes their rule pages',
  usage: 'relief-recon lists [--docs 目录]',
  helpZh: `  --docs DIR   为每个名单写出规则说明页 DIR/list-<代号>.md（与 docs/rules 中内置规则的说明页同一格式）
名单在配置文件 referenceLists 中声明；导入：ingest --list 代号 文件，或按 files 通配符从收件箱识别。`,
  helpEn: `  --docs DIR   write each list's rule page DIR/list-<key>.md (the layout of docs/rules)
Lists are declared under referenceLists in the config; ingest them with ingest --list KEY FILE, or by their files patterns in the inbox.`,
  options: { docs: { type: 'string' } },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const lang: Lang = args.values.lang === undefined ? config.lang : args.lang;
    if (config.referenceLists.length === 0) {
      io.out(msg(lang, 'cli.lists.noCrossCheckLists'));
      return EXIT.ok;
    }
    const db = await openDatabase(config.database);
    try {
      for (const l of config.referenceLists) {
        const file = await db.kysely
          .selectFrom('sourceFiles')
          .select(['fileName', 'ingestedAt', 'rowsAccepted', 'rowsRejected'])
          .where('kind', '=', 'list')
          .where('referenceList', '=', l.key)
          .where('supersededBy', 'is', null)
          .orderBy('id', 'desc')
          .executeTakeFirst();
        io.out(`${listRuleId(l)}  ${l.name}  [${l.severity}]  ${l.title}`);
        io.out(file
          ? msg(lang, 'cli.lists.inForceIngestedRows', { fileName: file.fileName, ingestedAt: file.ingestedAt, rowsAccepted: file.rowsAccepted, rowsRejected: file.rowsRejected })
          : msg(lang, 'cli.lists.noFileYetThe', { key: l.key }));
      }
    } finally {
      await db.close();
    }
    const docs = str(args, 'docs');
    if (docs) {
      await mkdir(docs, { recursive: true });
      for (const l of config.referenceLists) {
        const path = join(docs, `${listRuleId(l)}.md`);
        await writeFile(path, listRuleDoc(l));
        if (!args.values.quiet) io.out(msg(lang, 'cli.lists.wrote', { path }));
      }
    }
    return EXIT.ok;
  },
};
