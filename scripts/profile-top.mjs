#!/usr/bin/env node
/**
 * Summarises V8 CPU profiles (.cpuprofile, as `node --cpu-prof` writes them, one file per thread) by where the
 * time went: `node scripts/profile-top.mjs [--top N] [--match TEXT] FILE|DIR...`.
 *
 * For each profile (a directory stands for every .cpuprofile in it; worker threads write their own file) it
 * prints the sampled time, then
 *   - self time by function (the code that was running when sampled: where to optimise),
 *   - total time by function (self plus everything it called, each function counted once per stack, so a
 *     recursive function is not counted twice),
 *   - self time by module (package name for node_modules, the file otherwise; V8's own entries such as
 *     (garbage collector) and (program) as they are).
 * `--match TEXT` keeps only the functions whose name or file contains TEXT in the function tables.
 *
 * Typical use, for the ingest of one file:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/cli.js ingest -k bank -p 2026-11 -q bank.csv
 *   node scripts/profile-top.mjs /tmp/prof
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
let top = 25;
let match = null;
const inputs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') top = Number(args[++i]);
  else if (args[i] === '--match') match = args[++i];
  else inputs.push(args[i]);
}
if (inputs.length === 0 || !Number.isFinite(top)) {
  console.error('usage: node scripts/profile-top.mjs [--top N] [--match TEXT] FILE.cpuprofile|DIR...');
  process.exit(2);
}

const files = inputs.flatMap((p) =>
  statSync(p).isDirectory()
    ? readdirSync(p)
        .filter((f) => f.endsWith('.cpuprofile'))
        .sort()
        .map((f) => join(p, f))
    : [p],
);

/** A readable place for a script URL: the package for node_modules, else the path from the working directory. */
function moduleOf(url) {
  if (!url) return '';
  let path = url;
  try {
    if (url.startsWith('file://')) path = fileURLToPath(url);
  } catch {
    /* keep the URL */
  }
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const cwd = process.cwd() + '/';
  return path.startsWith(cwd) ? path.slice(cwd.length) : path;
}

function label(frame) {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  return `${name}  ${moduleOf(frame.url)}:${frame.lineNumber + 1}`;
}

const ms = (us) => (us / 1000).toFixed(0).padStart(7) + ' ms';
const pct = (part, whole) => ((100 * part) / whole).toFixed(1).padStart(5) + ' %';

function summarise(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Self time per node: each sample's time delta belongs to the node sampled (the delta of sample i+1 is the
  // time until it, so it is charged to sample i, as Chrome DevTools does).
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + Math.max(0, dt));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].reduce((a, [id, t]) => (byId.get(id)?.callFrame.functionName === '(idle)' ? a + t : a), 0);

  const selfByFn = new Map();
  const totalByFn = new Map();
  const selfByModule = new Map();
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);

  // Total time per function: a node's self time counts for every distinct function on its stack.
  const root = profile.nodes[0];
  const onStack = new Map();
  const walk = (node) => {
    const key = label(node.callFrame);
    onStack.set(key, (onStack.get(key) ?? 0) + 1);
    const t = self.get(node.id) ?? 0;
    if (t) {
      add(selfByFn, key, t);
      add(selfByModule, node.callFrame.url ? moduleOf(node.callFrame.url) : node.callFrame.functionName, t);
      for (const k of onStack.keys()) add(totalByFn, k, t);
    }
    for (const c of node.children ?? []) walk(byId.get(c));
    const n = onStack.get(key) - 1;
    if (n === 0) onStack.delete(key);
    else onStack.set(key, n);
  };
  walk(root);

  const keep = (k) => match === null || k.includes(match);
  const table = (title, m, filter) => {
    console.log(`\n  ${title}`);
    const rows = [...m.entries()].filter(([k]) => !filter || keep(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [k, t] of rows) console.log(`  ${ms(t)} ${pct(t, total)}  ${k}`);
  };
  console.log(`\n=== ${basename(file)}: ${(total / 1e6).toFixed(2)} s sampled, ${(idle / 1e6).toFixed(2)} s idle, ${((total - idle) / 1e6).toFixed(2)} s busy`);
  table('self time by function', selfByFn, true);
  totalByFn.delete('(root)');
  table('total time by function (self + callees)', totalByFn, true);
  table('self time by module', selfByModule, false);
}

for (const f of files) summarise(f);
