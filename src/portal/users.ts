/** Portal accounts: created, listed and disabled from the command line; read at every sign-in. */
import type { Selectable } from 'kysely';
import type { Db, UserTable } from '../db/index.ts';
import { findDistrict, nowInShanghai } from '../domain/index.ts';
import { PORTAL_ROLES } from '../config.ts';
import { EXIT, UserError } from '../errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password.ts';
import type { Role, User } from './types.ts';

export interface NewUser {
  name: string;
  role: string;
  bank?: string | null;
  /** District names or codes, for a supervisor limited to them. */
  districts?: string[] | null;
  password: string;
}

type Row = Selectable<UserTable>;

export function userOf(row: Row): User {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    bank: row.bank,
    districts: row.districtsJson ? (JSON.parse(row.districtsJson) as string[]) : null,
    disabled: row.disabledAt !== null,
  };
}

function usage(zh: string, en: string): UserError {
  return new UserError('usage', zh, en, EXIT.badInput);
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw usage(`密码至少 ${MIN_PASSWORD_LENGTH} 个字符`, `the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
}

export async function createUser(db: Db, u: NewUser): Promise<User> {
  const name = u.name.trim();
  if (!/^[\p{L}\p{N}._@-]{2,40}$/u.test(name)) throw usage('用户名应为 2–40 个字母、数字、汉字或 . _ @ -', 'a user name is 2–40 letters, digits, . _ @ or -');
  if (!PORTAL_ROLES.includes(u.role as Role)) throw usage(`角色只能是 ${PORTAL_ROLES.join('、')}`, `the role must be one of ${PORTAL_ROLES.join(', ')}`);
  const bank = u.bank?.trim() || null;
  if (u.role === 'bank' && !bank) throw usage('银行联络员账号须用 --bank 指定所属银行', 'a bank account needs --bank');
  if (u.role !== 'bank' && bank) throw usage('只有银行联络员账号（--role bank）才绑定银行', 'only bank accounts are bound to a bank');
  let districts: string[] | null = null;
  if (u.districts?.length) {
    if (u.role !== 'supervisor') throw usage('只有监督人员账号（--role supervisor）才能限定区县', 'only supervisor accounts can be limited to districts');
    districts = u.districts.map((d) => {
      const hit = findDistrict(d.trim());
      if (!hit) throw usage(`「${d}」不是重庆市的区县名称或代码`, `"${d}" is not a Chongqing district`);
      return hit.name;
    });
  }
  checkPassword(u.password);
  const taken = await db.kysely.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
  if (taken) throw usage(`用户名「${name}」已存在`, `user "${name}" exists`);
  const row = await db.kysely
    .insertInto('users')
    .values({ name, role: u.role, bank, districtsJson: districts ? JSON.stringify([...new Set(districts)]) : null, passwordHash: await hashPassword(u.password), createdAt: nowInShanghai(), disabledAt: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return userOf(row);
}

export async function findUserByName(db: Db, name: string): Promise<(User & { passwordHash: string }) | null> {
  const row = await db.kysely.selectFrom('users').selectAll().where('name', '=', name.trim()).executeTakeFirst();
  return row ? { ...userOf(row), passwordHash: row.passwordHash } : null;
}

export async function listUsers(db: Db): Promise<(User & { createdAt: string; disabledAt: string | null })[]> {
  const rows = await db.kysely.selectFrom('users').selectAll().orderBy('name').execute();
  return rows.map((r) => ({ ...userOf(r), createdAt: r.createdAt, disabledAt: r.disabledAt }));
}

/** Disables an account and ends its sessions; the account stays (the audit log names it). */
export async function disableUser(db: Db, name: string): Promise<void> {
  const user = await findUserByName(db, name);
  if (!user) throw usage(`没有用户「${name}」`, `no user "${name}"`);
  await db.write(async (w) => {
    await w.kysely.updateTable('users').set({ disabledAt: nowInShanghai() }).where('id', '=', user.id).execute();
    await w.kysely.deleteFrom('sessions').where('userId', '=', user.id).execute();
  });
}

export async function setPassword(db: Db, name: string, password: string): Promise<void> {
  const user = await findUserByName(db, name);
  if (!user) throw usage(`没有用户「${name}」`, `no user "${name}"`);
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await db.write(async (w) => {
    await w.kysely.updateTable('users').set({ passwordHash }).where('id', '=', user.id).execute();
    await w.kysely.deleteFrom('sessions').where('userId', '=', user.id).execute();
  });
}
