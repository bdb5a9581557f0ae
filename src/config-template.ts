/**
 * `init`'s commented default config, generated from the config's schema (config-schema.ts): every key
 * in schema order with its Chinese description, its default (or the schema's example), and the optional
 * sections commented out. The rules section lists every rule of the registry with its options.
 */
import { stringify } from 'yaml';
import type { z } from 'zod';
import { defOf, field } from './config-errors.ts';
import { configSchema } from './config-schema.ts';
import { RULES } from './rules/index.ts';

/** A value as one line of YAML (flow style: `[a, b]`, `{ k: v }`), quoted where YAML needs it. */
const flow = (v: unknown): string => stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
/** A key: bare when plain words, else double-quoted (`"CQRCB_DF_*.txt"`). */
const keyOf = (k: string): string => (/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k));
const isMapping = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const commentOut = (line: string): string => line.replace(/^( *)/, '$1# ');

/** The default of a schema node (`.default` / `.prefault`), undefined when it has none. */
function defaultOf(schema: z.ZodType): unknown {
  let cur = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType; defaultValue?: unknown } };
  for (;;) {
    if (cur.def.type === 'default' || cur.def.type === 'prefault') return cur.def.defaultValue;
    if (cur.def.type === 'optional' || cur.def.type === 'nullable') cur = cur.def.innerType as typeof cur;
    else return undefined;
  }
}

/** The lines of one key: a nested mapping key by key (descriptions after them), a value on one line. */
function keyLines(key: string, schema: z.ZodType, value: unknown, indent: number, top: boolean): string[] {
  const { inner, meta } = field(schema);
  const pad = ' '.repeat(indent);
  const note = !top && meta.description ? `  # ${meta.description}` : '';
  const d = defOf(inner);
  if (d.type === 'object' && isMapping(value)) {
    const out = [`${pad}${keyOf(key)}:${note}`];
    for (const [k, child] of Object.entries(d.shape!)) {
      const c = field(child);
      const v = k in value ? value[k] : (c.meta.example ?? defaultOf(child));
      const lines = keyLines(k, child, v, indent + 2, false);
      out.push(...(c.meta.commented || v === undefined ? lines.map(commentOut) : lines));
    }
    return out;
  }
  // A map of the operator's names: key by key when at the top or when its values are mappings, else on one line.
  if (d.type === 'record' && isMapping(value) && Object.keys(value).length > 0 && (indent === 0 || defOf(field(d.valueType!).inner).type === 'object')) {
    return [`${pad}${keyOf(key)}:${note}`, ...Object.entries(value).flatMap(([k, v]) => keyLines(k, d.valueType!, v, indent + 2, false))];
  }
  return [`${pad}${keyOf(key)}: ${flow(value ?? null)}${note}`];
}

/** Every rule of the registry, commented: its default severity, its options at their defaults, each option's description. */
function ruleLines(): string[] {
  const out: string[] = [];
  for (const rule of Object.values(RULES)) {
    const options = Object.entries(defOf(field(rule.options).inner).shape!);
    const setting = options.length === 0 ? rule.severity : { severity: rule.severity, options: rule.defaultOptions };
    out.push(`#   ${rule.id}: ${flow(setting)}   # ${rule.title}`);
    for (const [k, s] of options) out.push(`#     ${k}：${field(s).meta.description ?? ''}`);
  }
  // A declared cross-check list is a rule too: the example list's, as it would be named.
  const lists = field(configSchema().shape.referenceLists).meta.example as Record<string, { name: string; severity: string }>;
  for (const [key, list] of Object.entries(lists)) out.push(`#   list-${key}: ${list.severity}   # 比对名单「${list.name}」（referenceLists.${key}，见文末；每个声明的名单是一条规则 list-<代号>）`);
  return out;
}

export function configTemplate(): string {
  const out = ['# relief-recon 配置文件 / configuration', '# 相对路径以本文件所在目录为准。Relative paths are relative to this file.'];
  for (const [key, schema] of Object.entries(configSchema().shape)) {
    const { meta } = field(schema);
    out.push('');
    for (const text of [meta.description, meta.en]) if (text) out.push(...text.split('\n').map((l) => `# ${l}`));
    if (key === 'rules') {
      out.push(...ruleLines(), 'rules: {}');
      continue;
    }
    const lines = keyLines(key, schema, meta.example ?? defaultOf(schema), 0, true);
    out.push(...(meta.commented ? lines.map((l) => `# ${l}`) : lines));
  }
  return `${out.join('\n')}\n`;
}
