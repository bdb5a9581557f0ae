/**
 * Failed sign-ins are limited per account name and per client address: after `max` failures within the
 * window, further attempts are refused until the oldest failure ages out. Only failures count, so a
 * liaison who signs in correctly is never slowed down — which is why this is a few lines here rather
 * than @fastify/rate-limit, whose counter counts every request to the route. Kept in memory: a restart
 * forgets it, which costs an attacker a restart of the server they cannot cause.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Milliseconds until another attempt is allowed for any of `keys`; 0 when allowed now. */
  retryAfterMs(keys: string[]): number {
    let wait = 0;
    for (const key of keys) {
      const list = this.recent(key);
      if (list.length >= this.max) wait = Math.max(wait, list[list.length - this.max]! + this.windowMs - this.now());
    }
    return wait;
  }

  fail(keys: string[]): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key), this.now()]);
    if (this.failures.size > 10_000) for (const key of [...this.failures.keys()]) this.recent(key);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}

export function limiterKeys(name: string, ip: string): string[] {
  return [`user:${name.trim().toLowerCase()}`, `ip:${ip}`];
}
