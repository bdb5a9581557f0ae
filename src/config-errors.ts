/**
 * Turns the schema's complaints about a config file into one refusal an operator can act on: each bad
 * key with its YAML line, what was found and what is allowed (with a "did you mean" for a near miss),
 * in Chinese and English.
 */
import { closest, distance } from 'fastest-levenshtein';
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { z } from 'zod';
import type { FieldMeta } from './config-schema.ts';
import { UserError } from './errors.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];
/** A schema node seen through its wrappers (default, optional, pipe…), with the metadata found on the way. */
export interface Field {
  inner: z.ZodType;
  meta: FieldMeta;
}
interface Problem {
  path: Path;
  zh: string;
  en: string;
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

export function field(schema: z.ZodType): Field {
  let meta: FieldMeta = {};
  let cur = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } };
  for (;;) {
    meta = { ...((cur.meta() as FieldMeta | undefined) ?? {}), ...meta };
    if (WRAPPERS.has(cur.def.type)) cur = cur.def.innerType as typeof cur;
    else if (cur.def.type === 'pipe') cur = cur.def.in as typeof cur;
    else return { inner: cur, meta };
  }
}

export type Def = { type: string; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[] };
export const defOf = (s: z.ZodType) => (s as unknown as { def: Def }).def;

/** The schema node at a path of the parsed value, or null where the path leaves the schema. */
function fieldAt(root: z.ZodType, path: Path): Field | null {
  let node = field(root);
  for (const seg of path) {
    const d = defOf(node.inner);
    let next: z.ZodType | undefined;
    if (d.type === 'object') next = d.shape![String(seg)];
    else if (d.type === 'record') next = d.valueType;
    else if (d.type === 'array') next = d.element;
    else if (d.type === 'union') next = d.options!.map(field).map((o) => defOf(o.inner)).find((o) => o.type === 'object' && String(seg) in o.shape!)?.shape![String(seg)];
    if (!next) return null;
    node = field(next);
  }
  return node;
}

/** `rules.staff-proxy.options.deadlineDay`, `batchNumber.programs."01"`, `bankProfiles.x.columns[3]`. */
export function keyText(path: Path): string {
  if (path.length === 0) return '';
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i === 0 ? '' : '.'}${/^[A-Za-z_][\w-]*$/.test(String(seg)) ? String(seg) : `"${String(seg)}"`}`)).join('');
}

function valueAt(input: unknown, path: Path): unknown {
  let v = input;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
  return v;
}

const BIG = Number.MAX_SAFE_INTEGER;

/** What the field takes, in both languages: its own hint, else read off its type (bounds, allowed values). */
function expected(f: Field | null): { zh: string; en: string } {
  if (!f) return { zh: '不符合要求', en: 'is not valid' };
  if (f.meta.hint) return f.meta.hint;
  const s = f.inner as z.ZodType & { minValue?: number | null; maxValue?: number | null; isInt?: boolean; options?: readonly unknown[]; def: Def & { format?: string } };
  switch (s.def.type) {
    case 'number': {
      const min = s.minValue != null && Math.abs(s.minValue) < BIG ? s.minValue : null;
      const max = s.maxValue != null && Math.abs(s.maxValue) < BIG ? s.maxValue : null;
      const [kz, ke] = s.isInt ? ['整数', 'whole number'] : ['数', 'number'];
      if (min !== null && max !== null) return { zh: `应为 ${min} 到 ${max} 之间的${kz}`, en: `must be a ${ke} from ${min} to ${max}` };
      if (min !== null) return { zh: `应为不小于 ${min} 的${kz}`, en: `must be a ${ke} of at least ${min}` };
      return { zh: `应为${kz}`, en: `must be a ${ke}` };
    }
    case 'enum':
      return { zh: `只能是 ${s.options!.join('、')}`, en: `must be one of ${s.options!.join(', ')}` };
    case 'boolean':
      return { zh: '只能是 true 或 false', en: 'must be true or false' };
    case 'string':
      return s.def.format === 'date' ? { zh: '应为日期（YYYY-MM-DD）', en: 'must be a date (YYYY-MM-DD)' } : { zh: '应为文本', en: 'must be text' };
    case 'array': {
      const el = expected(field(defOf(s).element!));
      return { zh: `应为列表（每项${el.zh}）`, en: `must be a list (each item ${el.en})` };
    }
    case 'object':
    case 'record':
      return { zh: '应为键值对', en: 'must be a mapping' };
    default:
      return { zh: '不符合要求', en: 'is not valid' };
  }
}

function found(v: unknown): { zh: string; en: string } {
  if (v === undefined || (v !== null && typeof v === 'object')) return { zh: '', en: '' };
  const s = JSON.stringify(v);
  return { zh: `（现为 ${s}）`, en: ` (found ${s})` };
}

/** The allowed word nearest to a misspelt one, when it is near enough to be what was meant. */
function nearest(word: string, allowed: readonly string[]): string | null {
  if (allowed.length === 0) return null;
  const best = closest(word, allowed as string[]);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 4)) ? best : null;
}

function problems(issue: Issue, root: z.ZodType, input: unknown, base: Path = []): Problem[] {
  const path = [...base, ...issue.path];
  const f = fieldAt(root, path);
  const value = valueAt(input, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const d = f ? defOf(f.inner) : null;
      const allowed = d?.type === 'object' ? Object.keys(d.shape!) : [];
      const isRule = path.length === 1 && path[0] === 'rules';
      return issue.keys.map((key) => {
        const near = nearest(key, allowed);
        return {
          path: [...path, key],
          zh: `不是已知的${isRule ? '规则编号' : '配置项'}${near ? `，是否想写 ${near}？` : ''}（${allowed.length ? `可用：${allowed.join(', ')}` : '此处没有可设的项'}）`,
          en: `is not a known ${isRule ? 'rule id' : 'key'}${near ? `; did you mean ${near}?` : ''} (${allowed.length ? allowed.join(', ') : 'none can be set here'})`,
        };
      });
    }
    case 'invalid_union': {
      // The branch that matches the value's shape says what is wrong inside it; if none does, the field's own hint.
      // A branch that took the value's shape (its complaints are all inside the value) comes first; then one
      // whose complaint is about the value itself (a misspelt severity), unless the value is a mapping.
      const isMapping = value !== null && typeof value === 'object';
      const branch =
        issue.errors.find((errs) => errs.length > 0 && errs.every((e) => e.path.length > 0)) ??
        issue.errors.find((errs) => errs.length > 0 && !isMapping && !errs.some((e) => e.path.length === 0 && e.code === 'invalid_type'));
      if (branch) return branch.flatMap((e) => problems(e, root, input, path));
      const want = expected(f);
      return [{ path, zh: `${want.zh}${found(value).zh}`, en: `${want.en}${found(value).en}` }];
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const near = typeof value === 'string' ? nearest(value, allowed) : null;
      return [{
        path,
        zh: `只能是 ${allowed.join('、')}${found(value).zh}${near ? `，是否想写 ${near}？` : ''}`,
        en: `must be one of ${allowed.join(', ')}${found(value).en}${near ? `; did you mean ${near}?` : ''}`,
      }];
    }
    case 'invalid_key': {
      const hint = fieldAt(root, path.slice(0, -1))?.meta.keyHint ?? { zh: '的名称不符合要求', en: 'is not a valid name' };
      return [{ path, zh: hint.zh, en: hint.en }];
    }
    case 'custom': {
      const zh = (issue.params as { zh?: string } | undefined)?.zh ?? issue.message;
      return [{ path, zh, en: issue.message }];
    }
    case 'invalid_type':
      if (value === undefined) {
        const want = expected(f);
        return [{ path, zh: `缺少（必填）：${want.zh}`, en: `is missing (required): it ${want.en}` }];
      }
    // falls through: a value of the wrong type is told what the field takes
    default: {
      const want = expected(f);
      return [{ path, zh: `${want.zh}${found(value).zh}`, en: `${want.en}${found(value).en}` }];
    }
  }
}

/** 1-based line of the deepest node of `path` present in the YAML (a missing key: its parent's line). */
function lineOf(doc: Document, lines: LineCounter, path: Path): number | null {
  let node: unknown = doc.contents;
  let at: Node | null = null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      at = (pair.key as Node | null) ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
      node = node.items[seg];
      at = node as Node;
    } else break;
  }
  const offset = at?.range?.[0] ?? (doc.contents as Node | null)?.range?.[0];
  return offset === undefined ? null : lines.linePos(offset).line;
}

/** The refusal of a config file: every problem the schema found, by line, in Chinese and English. */
export function configError(where: string, issues: readonly Issue[], root: z.ZodType, input: unknown, doc: Document, lines: LineCounter): UserError {
  const all = issues
    .flatMap((i) => problems(i, root, input))
    .map((p) => ({ ...p, line: lineOf(doc, lines, p.path), key: keyText(p.path) }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const zh = all.map((p) => `配置文件 ${where} ${p.line ? `第 ${p.line} 行的` : '中的'}「${p.key || '(根)'}」${p.zh}`);
  const en = all.map((p) => `Config ${where}${p.line ? ` line ${p.line}` : ''}: "${p.key || '(root)'}" ${p.en}`);
  return new UserError('config', zh.join('\n'), en.join('\n'));
}
