import { formatYuan } from '../../domain/index.ts';

/**
 * Fills a message's {placeholders}. A value whose name ends in `Fen` is money and shows as yuan
 * (`1,234.50`); null shows as `-`.
 */
export function fillMessage(template: string, values: Record<string, string | number | null> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in values)) return whole;
    const v = values[name];
    if (v === null || v === undefined) return '-';
    if (name.endsWith('Fen') && typeof v === 'number') return formatYuan(v);
    return String(v);
  });
}
