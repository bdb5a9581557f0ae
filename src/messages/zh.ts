/**
 * The Chinese message catalogue: every user-facing text of the app, by id. Its keys are the type the
 * English catalogue must satisfy (en.ts), so a key missing there is a compile error; messages.test.ts
 * also checks both have the same keys and the same {placeholders}. Rule messages live in each rule's
 * own file (`messages` / `messagesEn`), not here.
 */
export const zh = {
  'findings.count': '共 {count} 条疑点（疑点是待核实的线索，不是结论）',
  'findings.marked': '已标记为「{mark}」',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof zh;
