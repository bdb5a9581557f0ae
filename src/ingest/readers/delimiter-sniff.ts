/**
 * Which of `,` tab `|` `;` separates the columns. Each candidate parses the head with csv-parse (so quoted
 * parts are honoured); the winner splits the most of the first non-empty lines into one and the same
 * number (> 1) of columns. Title rows above the header, which hold no delimiter at all, simply do not vote.
 */
import { createRequire } from 'node:module';
import type { parse as parseSync } from 'csv-parse/sync';
import { csvParseOptions } from './csv-options.ts';

// The CommonJS build of csv-parse: a separate copy of its code, so that sniffing small samples with four
// delimiters does not train V8 on the wrong inputs and slow the one big parse that follows (~10%).
const parse = createRequire(import.meta.url)('csv-parse/sync').parse as typeof parseSync;

export const DELIMITER_CANDIDATES = [',', '\t', '|', ';'] as const;
const LINES_TO_SAMPLE = 20;

interface Score {
  delimiter: string;
  /** How many sampled lines have exactly `columns` fields. */
  agreeing: number;
  columns: number;
}

function scoreDelimiter(head: string, delimiter: string): Score {
  const records = parse(head, csvParseOptions(delimiter, { records: LINES_TO_SAMPLE })) as string[][];
  const byWidth = new Map<number, number>();
  for (const record of records) {
    if (record.length > 1) byWidth.set(record.length, (byWidth.get(record.length) ?? 0) + 1);
  }
  let best: Score = { delimiter, agreeing: 0, columns: 1 };
  for (const [columns, agreeing] of byWidth) {
    if (agreeing > best.agreeing || (agreeing === best.agreeing && columns > best.columns)) {
      best = { delimiter, agreeing, columns };
    }
  }
  return best;
}

/** The sniffed delimiter; `,` when no candidate splits any line (a one-column file). */
export function sniffDelimiter(head: string): string {
  let best: Score = { delimiter: ',', agreeing: 0, columns: 1 };
  for (const delimiter of DELIMITER_CANDIDATES) {
    const score = scoreDelimiter(head, delimiter);
    if (score.agreeing > best.agreeing || (score.agreeing === best.agreeing && score.columns > best.columns)) {
      best = score;
    }
  }
  return best.delimiter;
}
