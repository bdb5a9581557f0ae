import { describe, expect, it } from 'vitest';
import { keyHash, RepeatedKeys } from './payment-keys.ts';

describe('RepeatedKeys', () => {
  it('reports every key that comes twice, through table growth, and no key that comes once', () => {
    const keys = new RepeatedKeys();
    for (let i = 0; i < 200_000; i++) keys.add(`2026-11|5001011950031500${i}|62284800${i}|77000`);
    keys.add('2026-11|50010119500315001234|622848001234|77000');
    keys.add('sn:SN0001');
    keys.add('sn:SN0001');
    expect(keys.repeated.has('sn:SN0001')).toBe(true);
    expect(keys.repeated.has('2026-11|50010119500315001234|622848001234|77000')).toBe(true);
    // 32-bit hashes of 200,000 distinct keys collide about 5 times on average; each only costs a lookup.
    expect(keys.repeated.size).toBeLessThan(2 + 20);
  });
});

describe('RepeatedKeys from hashes computed elsewhere', () => {
  it('finds the same repeated keys as from the keys themselves, across batches', () => {
    const all = Array.from({ length: 50_000 }, (_, i) => `2026-11|${500101195003150000 + (i % 49_990)}|6228${i % 49_990}|77000`);
    const direct = new RepeatedKeys();
    for (const k of all) direct.add(k);
    const hashed = new RepeatedKeys();
    for (let from = 0; from < all.length; from += 2000) {
      const batch = all.slice(from, from + 2000);
      hashed.addHashed(Int32Array.from(batch, keyHash), (i) => batch[i]!);
    }
    expect(direct.repeated.size).toBeGreaterThanOrEqual(10);
    expect([...hashed.repeated].sort()).toEqual([...direct.repeated].sort());
  });
});
