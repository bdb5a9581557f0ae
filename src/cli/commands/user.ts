import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { t, type Lang } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { createUser, disableUser, listUsers, MIN_PASSWORD_LENGTH, setPassword } from '../../portal/index.ts';
import { str, type Command, type Io } from '../args.ts';

const ROLE_ZH: Record<string, string> = { operator: '操作员', bank: '银行联络员', supervisor: '监督人员' };

/** One line typed without echo (a terminal), asked on stderr. */
function askHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function readStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** The password: typed twice on a terminal, else the first line of standard input (for scripts). */
export async function readPassword(lang: Lang, source: { isTTY: boolean; hidden?: typeof askHidden; stdin?: typeof readStdin } = { isTTY: Boolean(process.stdin.isTTY) }): Promise<string> {
  if (!source.isTTY) return (source.stdin ?? readStdin)();
  const ask = source.hidden ?? askHidden;
  const first = await ask(msg(lang, 'cli.user.passwordAtLeastCharacters', { MIN_PASSWORD_LENGTH }));
  const again = await ask(msg(lang, 'cli.user.again'));
  if (first !== again) throw new UserError('usage', '两次输入的密码不一致', 'the two passwords differ', EXIT.badInput);
  return first;
}

function passwordSource(io: Io): { isTTY: boolean; stdin: () => Promise<string> } {
  const input = io.stdin ?? process.stdin;
  return { isTTY: Boolean(input.isTTY), stdin: () => readStdin(input) };
}

export const userCommand: Command = {
  name: 'user',
  summaryZh: '管理网页门户的账号：开设、列出、停用、重设密码',
  summaryEn: 'manage portal accounts: add, list, disable, reset a password',
  usage: 'relief-recon user add 用户名 --role operator|bank|supervisor [--bank 银行名称] [--districts 万州区,渝中区] | user list | user disable 用户名 | user passwd 用户名',
  helpZh: `  add NAME             开设账号。密码在终端上输入两次（不显示）；非终端时从标准输入读取第一行，
                       例如：printf '%s\\n' "$PW" | relief-recon user add 张三 --role bank --bank 重庆农村商业银行
  --role ROLE          operator（操作员：全部功能）、bank（银行联络员：上传并查看本行的上传）、supervisor（监督人员：查看报告和疑点、审核）
  --bank NAME          银行联络员所属银行（必填，只能看到本行的上传）
  --districts A,B      监督人员只能查看这些区县的疑点（不填 = 全部区县）
  list                 列出全部账号
  disable NAME         停用账号（立即退出其所有登录；账号和审计记录保留）
  passwd NAME          重设密码（立即退出其所有登录）`,
  helpEn: `  add NAME             open an account; the password is typed twice on a terminal (not shown), else read as the first line of stdin
  --role ROLE          operator (everything), bank (uploads; sees its own bank's uploads), supervisor (reports, findings, review)
  --bank NAME          the bank a bank liaison belongs to (required)
  --districts A,B      a supervisor sees only these districts' findings (default: all)
  list                 list the accounts
  disable NAME         disable an account (its sessions end; the account and its audit trail stay)
  passwd NAME          reset a password (its sessions end)`,
  options: { role: { type: 'string' }, bank: { type: 'string' }, districts: { type: 'string' } },
  async run(args, io) {
    const [sub, name] = args.positionals;
    const l = args.lang;
    const usage = () => new UserError('usage', `用法：${userCommand.usage}`, `Usage: ${userCommand.usage}`, EXIT.badInput);
    if (!sub || !['add', 'list', 'disable', 'passwd'].includes(sub) || (sub !== 'list' && !name)) throw usage();
    const config = loadConfig(str(args, 'config'));
    const db = await openDatabase(config.database);
    try {
      if (sub === 'list') {
        const users = await listUsers(db);
        for (const u of users) {
          const scope = u.bank ?? (u.districts ? u.districts.join('、') : '');
          io.out(`${u.name}\t${l === 'en' ? u.role : ROLE_ZH[u.role]}\t${scope}\t${u.createdAt}${u.disabled ? `\t${msg(l, 'cli.user.disabled')}` : ''}`);
        }
        io.out(msg(l, 'cli.user.accounts', { length: users.length }));
        return EXIT.ok;
      }
      if (sub === 'disable') {
        await disableUser(db, name!);
        io.out(msg(l, 'cli.user.disabled2', { name }));
        return EXIT.ok;
      }
      if (sub === 'add') {
        const role = str(args, 'role');
        if (!role) throw new UserError('usage', '请用 --role 指定角色（operator、bank 或 supervisor）', 'give --role operator|bank|supervisor', EXIT.badInput);
        const districts = str(args, 'districts')?.split(/[,，、]/).map((d) => d.trim()).filter(Boolean) ?? null;
        const password = await readPassword(l, passwordSource(io));
        const u = await createUser(db, { name: name!, role, bank: str(args, 'bank') ?? null, districts, password });
        io.out(t(l, `已开设账号「${u.name}」（${ROLE_ZH[u.role]}${u.bank ? `，${u.bank}` : ''}${u.districts ? `，限 ${u.districts.join('、')}` : ''}）`, `added "${u.name}" (${u.role}${u.bank ? `, ${u.bank}` : ''}${u.districts ? `, limited to ${u.districts.join(', ')}` : ''})`));
        return EXIT.ok;
      }
      await setPassword(db, name!, await readPassword(l, passwordSource(io)));
      io.out(msg(l, 'cli.user.passwordOfReset', { name }));
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
