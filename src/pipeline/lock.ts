/**
 * One run at a time: a lock file beside the database, created with `open(path, 'wx')` so exactly one
 * process can create it, holding the holder's pid and start time. A lock whose process is gone (killed,
 * machine rebooted) is stale and is taken over; the takeover itself is guarded by a second `wx` file so
 * two newcomers never both delete a lock and both believe they hold it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db, RunLockHolder } from '../db/index.ts';
import { nowInShanghai } from '../domain/index.ts';
import { EXIT, UserError } from '../errors.ts';

export interface LockHolder {
  pid: number;
  host: string;
  /** Linux boot id: a lock from before a reboot is stale even if its pid has been reused. */
  bootId: string | null;
  startedAt: string;
  token: string;
}

export interface Lock {
  path: string;
  holder: LockHolder;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Wait for the holder to finish instead of failing at once. */
  wait?: boolean;
  /** Stops a wait (the caller is shutting down). */
  signal?: AbortSignal;
  pollMs?: number;
  onWait?(holder: LockHolder): void;
  onStale?(holder: LockHolder): void;
}

export class LockHeldError extends UserError {
  /** `path` is the lock file; null when the lock is the database's own (PostgreSQL advisory lock). */
  constructor(readonly holder: LockHolder, path: string | null) {
    super(
      'locked',
      `另一次运行正在进行（进程 ${holder.pid}${holder.host === hostname() ? '' : `，主机 ${holder.host}`}，开始于 ${holder.startedAt}），本次未运行。请待其结束后再试，或加 --wait 排队等待。${path ? `锁文件：${path}` : '锁：数据库咨询锁（PostgreSQL advisory lock）'}`,
      `Another run is in progress (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, started ${holder.startedAt}); this one did not start. Try again when it ends, or add --wait. ${path ? `Lock file: ${path}` : 'Lock: the database advisory lock (PostgreSQL)'}`,
      EXIT.runFailed,
    );
  }
}

export class LockWaitAbortedError extends UserError {
  constructor() {
    super('lock-wait-aborted', '等待运行锁时收到停止信号，本次未运行。', 'Stopped while waiting for the run lock; nothing was run.', EXIT.runFailed);
  }
}

const TAKEOVER_STALE_MS = 30_000;
/** A lock file with no readable holder yet is being written; past this age its writer died mid-write. */
const HALF_WRITTEN_STALE_MS = 5_000;

let cachedBootId: string | null | undefined;
function bootId(): string | null {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId;
}

/** Tokens of locks this process holds (a lock naming our own pid but not one of these is stale). */
const held = new Map<string, string>();

function releaseAllSync(): void {
  for (const [path, token] of held) {
    try {
      const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
      if (holder.token === token) unlinkSync(path);
    } catch {
      // already gone
    }
  }
  held.clear();
}
let exitHookInstalled = false;

function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // cannot see another machine's processes: assume alive
  const myBoot = bootId();
  if (holder.bootId && myBoot && holder.bootId !== myBoot) return false;
  if (holder.pid === process.pid) return [...held.values()].includes(holder.token);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<LockHolder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return typeof h.pid === 'number' && typeof h.token === 'string' ? h : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

async function ageMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(JSON.stringify(holder));
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

/** Removes a stale lock, unless someone else is doing the same or the lock changed meanwhile. */
async function takeOver(path: string, stale: LockHolder | 'unreadable'): Promise<void> {
  const guard = `${path}.takeover`;
  let fh;
  try {
    fh = await open(guard, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if ((await ageMs(guard)) > TAKEOVER_STALE_MS) await unlink(guard).catch(() => {});
    return;
  }
  try {
    await fh.close();
    const now = await readHolder(path);
    const same = now === 'unreadable' ? stale === 'unreadable' : now !== 'missing' && stale !== 'unreadable' && now.token === stale.token;
    if (same) await unlink(path).catch(() => {});
  } finally {
    await unlink(guard).catch(() => {});
  }
}

export async function acquireLock(path: string, opts: LockOptions = {}): Promise<Lock> {
  const holder: LockHolder = { pid: process.pid, host: hostname(), bootId: bootId(), startedAt: nowInShanghai(), token: randomUUID() };
  const pollMs = opts.pollMs ?? 500;
  let waitingFor: string | null = null;
  for (;;) {
    if (opts.signal?.aborted) throw new LockWaitAbortedError();
    if (await tryCreate(path, holder)) break;
    const current = await readHolder(path);
    if (current === 'missing') continue;
    if (current === 'unreadable') {
      if ((await ageMs(path)) > HALF_WRITTEN_STALE_MS) await takeOver(path, 'unreadable');
      else await sleep(50);
      continue;
    }
    if (!isAlive(current)) {
      opts.onStale?.(current);
      await takeOver(path, current);
      continue;
    }
    if (!opts.wait) throw new LockHeldError(current, path);
    if (waitingFor !== current.token) {
      waitingFor = current.token;
      opts.onWait?.(current);
    }
    try {
      await sleep(pollMs, undefined, { signal: opts.signal });
    } catch {
      throw new LockWaitAbortedError();
    }
  }
  held.set(path, holder.token);
  if (!exitHookInstalled) {
    // A forced exit (second Ctrl-C) still removes the lock; a SIGKILL leaves it, and it is then stale.
    process.on('exit', releaseAllSync);
    exitHookInstalled = true;
  }
  return {
    path,
    holder,
    async release() {
      if (held.get(path) !== holder.token) return;
      held.delete(path);
      const current = await readHolder(path);
      if (current !== 'missing' && current !== 'unreadable' && current.token === holder.token) await unlink(path).catch(() => {});
    },
  };
}

/**
 * The run lock of a server database (PostgreSQL): held by a connection of its own for the whole run, so two
 * schedulers on two hosts never overlap, and a run that dies (even by SIGKILL, or its host with it) lets go
 * when its connection closes. There is no stale lock to take over.
 */
export async function acquireDatabaseLock(db: Db, opts: LockOptions = {}): Promise<Lock> {
  if (!db.runLock) throw new Error(`the ${db.dialect} database has no run lock of its own`);
  const holder: LockHolder = { pid: process.pid, host: hostname(), bootId: bootId(), startedAt: nowInShanghai(), token: randomUUID() };
  const asHolder = (h: RunLockHolder): LockHolder => ({ pid: h.pid, host: h.host, bootId: null, startedAt: h.startedAt, token: '' });
  const lock = await db.runLock({
    wait: opts.wait,
    signal: opts.signal,
    pollMs: opts.pollMs,
    onWait: (h) => opts.onWait?.(asHolder(h)),
    held: (h) => new LockHeldError(asHolder(h), null),
    aborted: () => new LockWaitAbortedError(),
  });
  return { path: '', holder, release: () => lock.release() };
}

/**
 * Whether a run is going right now, and whose, as the run lock sees it (the portal's "run in progress"):
 * on a server database the advisory lock, held by a run on any host; otherwise the lock file at `path`,
 * when its holder is still alive. Null when no run holds the lock.
 */
export async function runLockHolder(db: Db, path: string): Promise<LockHolder | null> {
  if (db.runLockHolder) {
    const h = await db.runLockHolder();
    return h ? { pid: h.pid, host: h.host, bootId: null, startedAt: h.startedAt, token: '' } : null;
  }
  const h = await readHolder(path).catch(() => 'unreadable' as const);
  return typeof h === 'object' && isAlive(h) ? h : null;
}
