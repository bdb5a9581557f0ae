/**
 * Parsing under a budget (the portal's uploads): a parse can be stopped — by its time limit or by the
 * server shutting down — and the worker thread doing it is terminated rather than waited for.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFile } from '../../src/ingest/index.ts';
import { ROWS } from './helpers.ts';

const FILE = join(ROWS, 'gbk-bank-file-with-summary-first-line.csv');

describe('a parse under a budget', () => {
  it('is refused as too slow when its time runs out, with a reason a clerk can act on', async () => {
    const r = await validateFile({ path: FILE }, { timeLimitMs: 0 });
    expect(r.status).toBe('refused');
    expect(r.refusal?.code).toBe('parse-too-slow');
    expect(r.refusal?.zh).toContain('秒内未能读完，已停止处理并拒收');
  });

  it('stops at once when the server shuts down (SIGTERM does not wait for it)', async () => {
    const stop = new AbortController();
    const parsing = validateFile({ path: FILE }, { signal: stop.signal });
    stop.abort();
    await expect(parsing).rejects.toThrow(/shutting down/);
  });

  it('finishes as usual when it is within its budget', async () => {
    const r = await validateFile({ path: FILE }, { timeLimitMs: 600_000, signal: new AbortController().signal });
    expect(r.status).toBe('validated');
    expect(r.rowsAccepted).toBe(3);
  });
});
