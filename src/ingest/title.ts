import type { Program } from '../domain/index.ts';

/** The single program a title row or file name names (城乡低保发放名册 → dibao); null when none or several. */
export function programInText(text: string): Program | null {
  const t = text.normalize('NFKC');
  const found = new Set<Program>();
  if (/低保|最低生活保障/.test(t)) found.add('dibao');
  if (/特困|供养/.test(t)) found.add('tekun');
  if (/临时救助|临救/.test(t)) found.add('linshi');
  return found.size === 1 ? [...found][0]! : null;
}
