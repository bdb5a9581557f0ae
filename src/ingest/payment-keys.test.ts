import { describe, expect, it } from 'vitest';
import { RepeatedKeys } from './payment-keys.ts';

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
