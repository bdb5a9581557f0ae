/** CSRF tokens, upload file names (refused or reduced to safe characters), and the portal's config keys. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_TEXT, parseConfig } from '../../src/config.ts';
import { newToken, sameToken } from '../../src/portal/csrf.ts';
import { checkUploadName, safeName } from '../../src/portal/index.ts';
import { withSuffix } from '../../src/portal/file-name.ts';

describe('CSRF tokens', () => {
  it('are long, random and URL-safe', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });

  it('match only the same token; a missing, empty or other-typed one never does', () => {
    const t = newToken();
    expect(sameToken(t, t)).toBe(true);
    expect(sameToken(`${t}x`, t)).toBe(false);
    expect(sameToken(t.slice(1), t)).toBe(false);
    for (const given of [undefined, null, '', 42, [t], { t }]) expect(sameToken(given, t)).toBe(false);
    expect(sameToken('', '')).toBe(false);
    expect(sameToken(t, null)).toBe(false);
  });
});

describe('upload file names', () => {
  it.each([
    ['万州区低保回盘202611.csv'],
    ['CQRCB_DF_20261125.txt'],
    ['渝中区（11月）代发明细 v2.xlsx'],
    ['bank export.XLS'],
  ])('accepts %s', (name) => {
    const r = checkUploadName(name);
    expect(r.ok).toBe(true);
  });

  it.each([
    ['../../etc/passwd.csv', 'name-path'],
    ['..\\..\\windows\\evil.csv', 'name-path'],
    ['/abs/path.csv', 'name-path'],
    ['C:\\Users\\x.csv', 'name-path'],
    ['<img src=x onerror=alert(1)>.csv', 'name-chars'],
    ['a|b.csv', 'name-chars'],
    ['evil\u202Evsc.exe', 'name-control'],
    ['line\nbreak.csv', 'name-control'],
    ['nul\u0000byte.csv', 'name-control'],
    ['.bashrc.csv', 'name-hidden'],
    ['~$lock.xlsx', 'name-hidden'],
    ['-rf.csv', 'name-hidden'],
    ['CON.csv', 'name-reserved'],
    [`${'长'.repeat(151)}.csv`, 'name-long'],
    ['payload.exe', 'name-type'],
    ['archive.zip', 'name-type'],
    ['noextension', 'name-type'],
    ['   ', 'name-empty'],
  ])('refuses %j (%s) with a reason in Chinese and English', (name, code) => {
    const r = checkUploadName(name);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(r.en).toMatch(/[a-z]/);
  });

  it('reduces an accepted name to safe characters', () => {
    expect(safeName('渝中区（11月）代发明细 v2.xlsx')).toBe('渝中区（11月）代发明细_v2.xlsx');
    expect(safeName("bank's file;rm -rf.csv")).toBe('bank_s_file_rm_-rf.csv');
    expect(safeName('../../x.csv')).toBe('x.csv');
    expect(safeName('...')).toBe('upload');
    expect(withSuffix('a.b.csv', '7')).toBe('a.b-7.csv');
    expect(withSuffix('noext', '7')).toBe('noext-7');
  });
});

describe('portal config', () => {
  it('has commented defaults: 127.0.0.1, a port, no proxy trusted, operators alone see whole numbers', () => {
    const c = parseConfig(DEFAULT_CONFIG_TEXT, '/srv/rr/relief-recon.yaml', null);
    expect(c.portal).toEqual({
      host: '127.0.0.1', port: 8640, trustProxy: false, staging: '/srv/rr/data/staging', maxUploadBytes: 50 * 1024 * 1024, parseSeconds: 60, sessionHours: 8,
      secretFile: '/srv/rr/data/portal-secret.key', unmaskRoles: ['operator'], loginAttempts: 5, loginWindowMinutes: 15,
    });
    expect(DEFAULT_CONFIG_TEXT).toMatch(/# 网页门户/);
    expect(parseConfig('lang: zh\n', '/x/c.yaml', null).portal.port).toBe(8640);
  });

  it('names a bad portal key', () => {
    const bad = (yaml: string) => () => parseConfig(yaml, 'c.yaml', null);
    expect(bad('portal: { port: 70000 }')).toThrow(/portal\.port/);
    expect(bad('portal: { port: "80" }')).toThrow(/portal\.port/);
    expect(bad('portal: { unmaskRoles: [admin] }')).toThrow(/portal\.unmaskRoles/);
    expect(bad('portal: { trustProxy: [1] }')).toThrow(/portal\.trustProxy/);
    expect(bad('portal: { maxUploadMb: 0 }')).toThrow(/portal\.maxUploadMb/);
    expect(bad('portal: { colour: blue }')).toThrow(/portal\.colour/);
    expect(parseConfig('portal: { trustProxy: "127.0.0.1,10.0.0.0/8", maxUploadMb: 2 }', 'c.yaml', null).portal).toMatchObject({ trustProxy: '127.0.0.1,10.0.0.0/8', maxUploadBytes: 2 * 1024 * 1024 });
  });
});
