import { describe, expect, it } from 'vitest';
import { CATALOG, loadCommands, main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/args.ts';

function captureIo(): Io & { text: () => string } {
  const lines: string[] = [];
  return { out: (s) => lines.push(s), err: (s) => lines.push(s), isTty: false, text: () => lines.join('\n') };
}

describe('the command catalog (commands load only when run)', () => {
  it('names each command once, with the summaries the command itself declares', async () => {
    const commands = await loadCommands();
    expect(new Set(CATALOG.map((c) => c.name)).size).toBe(CATALOG.length);
    for (const [i, entry] of CATALOG.entries()) {
      const cmd = commands[i]!;
      expect({ name: cmd.name, zh: cmd.summaryZh, en: cmd.summaryEn }).toEqual({ name: entry.name, zh: entry.summaryZh, en: entry.summaryEn });
    }
  });

  it('lists every command in the overview', async () => {
    const io = captureIo();
    expect(await main(['--help', '--lang', 'en'], io)).toBe(0);
    for (const entry of CATALOG) expect(io.text()).toContain(`  ${entry.name.padEnd(10)} ${entry.summaryEn}`);
  });
});
