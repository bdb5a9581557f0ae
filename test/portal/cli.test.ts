/**
 * `user add / list / disable / passwd` with the password on standard input (in-process through main()),
 * and `serve` started and stopped as a real process (the process boundary: a port, a signal).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { DEFAULT_CONFIG_TEXT } from '../../src/config.ts';
import { openDatabase } from '../../src/db/index.ts';
import { verifyPassword } from '../../src/portal/index.ts';
import { ROOT } from './helpers.ts';

/** The command line in-process, as cli.ts calls it, with `stdin` as standard input (not a terminal). */
async function cli(args: string[], stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false, stdin: Readable.from([stdin]) });
  return { code, out: out.map((l) => `${l}\n`).join(''), err: err.map((l) => `${l}\n`).join('') };
}

function configFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relief-recon-portal-cli-'));
  const path = join(dir, 'relief-recon.yaml');
  writeFileSync(path, DEFAULT_CONFIG_TEXT);
  return path;
}

describe('the user command', () => {
  it('adds accounts with the password from standard input, lists them, resets a password and disables one', async () => {
    const c = configFile();
    const add = await cli(['user', 'add', '王芳', '--role', 'bank', '--bank', '重庆农村商业银行', '-c', c], 'bank-pass-123\n');
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    expect(add.out).toContain('已开设账号「王芳」（银行联络员，重庆农村商业银行）');
    expect((await cli(['user', 'add', 'liu', '--role', 'supervisor', '--districts', '万州区,渝中区', '-c', c], 'sup-pass-1234\n')).code).toBe(0);
    const short = await cli(['user', 'add', 'zhao', '--role', 'operator', '-c', c], 'short\n');
    expect(short.code).toBe(2);
    expect(short.err).toContain('密码至少 8 个字符');
    const noBank = await cli(['user', 'add', 'zhao', '--role', 'bank', '-c', c], 'long-enough\n');
    expect(noBank.err).toContain('--bank');

    const list = await cli(['user', 'list', '-c', c]);
    expect(list.out).toMatch(/王芳\t银行联络员\t重庆农村商业银行/);
    expect(list.out).toMatch(/liu\t监督人员\t万州区、渝中区/);
    expect(list.out).toContain('共 2 个账号');

    expect((await cli(['user', 'passwd', 'liu', '-c', c], 'new-pass-5678\n')).code).toBe(0);
    expect((await cli(['user', 'disable', '王芳', '-c', c])).out).toContain('已停用账号「王芳」');
    const db = await openDatabase(join(c, '../data/relief-recon.db'));
    const users = await db.kysely.selectFrom('users').selectAll().orderBy('name').execute();
    expect(users.map((u) => [u.name, u.disabledAt !== null])).toEqual([['liu', false], ['王芳', true]]);
    expect(await verifyPassword('new-pass-5678', users[0]!.passwordHash)).toBe(true);
    await db.close();
    expect((await cli(['user', 'frobnicate', '-c', c])).code).toBe(2);
  });
});

describe('the serve command', () => {
  it('listens on 127.0.0.1, answers, makes its cookie key 0600, and stops on SIGTERM', async () => {
    const c = configFile();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli.ts'), 'serve', '--port', '0', '-c', c], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('close', () => reject(new Error(`serve ended: ${out} ${err}`)));
    });
    const res = await fetch(`${url}/login`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('登录');
    expect(statSync(join(c, '../data/portal-secret.key')).mode & 0o777).toBe(0o600);
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});
