/** Small formatting for the page: times in Asia/Shanghai, integers with separators. */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';

export function localTime(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : format(new TZDate(ms, 'Asia/Shanghai'), 'yyyy-MM-dd HH:mm');
}

export function int(n: number | null): string {
  return n === null ? '' : n.toLocaleString('en-US');
}
