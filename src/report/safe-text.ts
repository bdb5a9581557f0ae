/**
 * Spreadsheet formula injection: a text cell that begins with =, +, -, @ (or a tab / carriage return,
 * which some spreadsheet programs skip before looking) could run as a formula when the file is opened
 * or edited. Such text gets a leading apostrophe, so it stays text (OWASP's advice for CSV).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text);
}

export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
