// "Today" for this engine is the calendar day in Asia/Shanghai, whatever the server's zone.
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { startOfDay } from 'date-fns/startOfDay';

export const SHANGHAI = 'Asia/Shanghai';

/** The current instant as a Date whose fields read in Asia/Shanghai. */
export function nowInShanghaiDate(): TZDate {
  return new TZDate(Date.now(), SHANGHAI);
}

/** The current instant as ISO 8601 with the Shanghai offset: `2026-11-28T02:15:07+08:00`. */
export function nowInShanghai(): string {
  return format(nowInShanghaiDate(), "yyyy-MM-dd'T'HH:mm:ssXXX");
}

// The ID check asks for today's date once per row: cache it for the current Shanghai day
// and recompute only when the clock leaves that day (either way, so fake timers work).
let dayStartMs = 0;
let dayEndMs = -1;
let todayText = '';
let todayKey = 0;

function refresh(): void {
  const now = nowInShanghaiDate();
  const start = startOfDay(now);
  dayStartMs = start.getTime();
  dayEndMs = addDays(start, 1).getTime();
  todayText = format(now, 'yyyy-MM-dd');
  todayKey = now.getFullYear() * 10000 + (now.getMonth() + 1) * 100 + now.getDate();
}

function ensureFresh(): void {
  const ms = Date.now();
  if (ms < dayStartMs || ms >= dayEndMs) refresh();
}

/** Today in Asia/Shanghai as `YYYY-MM-DD`. */
export function todayInShanghai(): string {
  ensureFresh();
  return todayText;
}

/** Today in Asia/Shanghai as a ymd key (y * 10000 + m * 100 + d). */
export function todayKeyInShanghai(): number {
  ensureFresh();
  return todayKey;
}
