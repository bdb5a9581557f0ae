/**
 * The one set of csv-parse options, for reading and for sniffing alike. csv-parse copies the caller's
 * keys into its options object in the caller's order, so two different literals give V8 two object
 * shapes and slow the hot loop of every later parse by ~10%; building them here keeps one shape.
 */
import type { Options } from 'csv-parse';

export function csvParseOptions(delimiter: string, sample?: { records: number }): Options {
  return {
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'], // a file may mix line endings; spreadsheets break rows on each
    relax_column_count: true,
    relax_quotes: true, // a quote inside an unquoted cell is text, as Excel reads it
    skip_empty_lines: sample !== undefined, // reading keeps blank lines, so row numbers stay right
    skip_records_with_error: sample !== undefined, // a sample may end inside a quoted field
    to: sample?.records ?? -1,
    max_record_size: 0, // no limit (csv-parse 7's default too): a 50,000-character cell is data
    bom: false, // the decoder has removed it
    trim: false,
    cast: false,
  };
}
