import type { MessageKey } from './zh.ts';

/** The English message catalogue: the same keys as zh.ts (the type makes a missing or extra key a compile error). */
export const en: Record<MessageKey, string> = {
  'findings.count': '{count} findings (leads to verify, not verdicts)',
  'findings.marked': 'marked {mark}',
};
