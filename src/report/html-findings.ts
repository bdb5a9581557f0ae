/** The page's findings table: filters that work from the file itself, new findings first, capped per rule. */
import { formatYuan } from '../domain/index.ts';
import { t } from '../lang.ts';
import { html, join, type Html } from './html-escape.ts';
import { localTime } from './html-format.ts';
import { markText, programText, severityText, SEVERITIES, statusText, STATUSES, unknownText, words } from './labels.ts';
import type { ReportFinding, ReportModel } from './model-types.ts';

export function findingColumns(model: ReportModel): string[] {
  const w = words(model.lang);
  return [w.status, w.severity, w.rule, w.where, w.person, w.label, w.amountsYuan, w.message, w.firstSeen, w.reviewMark, w.evidence];
}

function amounts(model: ReportModel, f: ReportFinding): Html {
  const w = words(model.lang);
  const diff = f.expectedFen !== null && f.actualFen !== null ? f.actualFen - f.expectedFen : null;
  const parts: [string, number | null][] = [[w.expectedShort, f.expectedFen], [w.actualShort, f.actualFen], [w.diffShort, diff]];
  return join(parts.filter(([, v]) => v !== null).map(([l, v]) => html`<span class="sub">${l} <b>${formatYuan(v!)}</b></span>`));
}

function row(model: ReportModel, f: ReportFinding): Html {
  const { lang } = model;
  const district = f.district ?? unknownText(lang);
  const evidence = f.evidence.slice(0, 3).map((e) => (e.rowNo === null ? e.file : `${e.file}:${e.rowNo}`)).join('; ') + (f.evidence.length > 3 ? ` …(+${f.evidence.length - 3})` : '');
  const review = f.review
    ? html`<span class="mark">${markText(lang, f.review.mark)} · ${f.review.reviewer}${f.review.note ? html`：${f.review.note}` : ''}</span>`
    : '';
  const person = join(f.name ? html`<b class="who">${f.name}</b>` : '', f.idNumber ? html`<span class="sub">${f.idNumber}</span>` : '', f.accountNo ? html`<span class="sub">${f.accountNo}</span>` : '');
  return join(
    html`<tr class="${f.status}" data-district="${district}" data-rule="${f.rule}" data-severity="${f.severity}" data-status="${f.status}">`,
    html`<td><span class="badge st-${f.status}">${statusText(lang, f.status)}</span></td><td><span class="badge sev-${f.severity}">${severityText(lang, f.severity)}</span></td>`,
    html`<td>${f.ruleTitle}</td><td>${f.period}<span class="sub">${district} ${programText(lang, f.program)}</span></td><td>${person}</td><td>${f.label}</td>`,
    html`<td class="num">${amounts(model, f)}</td><td>${f.message}</td><td>${localTime(f.firstSeen)}</td><td>${review}</td>`,
    html`<td class="ev">${evidence}<span class="fp"> #${f.fingerprint.slice(0, 10)}</span></td></tr>\n`,
  );
}

function select(id: string, label: string, allText: string, options: [string, string][]): Html {
  return html`<label>${label}<select id="f-${id}"><option value="">${allText}</option>${options.map(([v, text]) => html`<option value="${v}">${text}</option>`)}</select></label>`;
}

export function findingsSection(model: ReportModel): Html {
  const { lang, counts, findings } = model;
  const w = words(lang);
  if (findings.total === 0) return html`<section id="findings-section"><h2>${w.findings}</h2><p class="note">${w.noFindings}</p></section>`;
  const ruleTitle = (rule: string, title: string) => (lang === 'en' ? (model.rules.find((r) => r.rule === rule)?.titleEn ?? title) : title);
  const filters = join(
    html`<div class="filters" role="search">`,
    select('district', w.district, w.all, counts.byDistrict.map((d) => [d.district, `${d.district}（${d.open}）`])),
    select('rule', w.rule, w.all, counts.byRule.map((r) => [r.rule, `${ruleTitle(r.rule, r.title)}（${r.total}）`])),
    select('severity', w.severity, w.all, SEVERITIES.map((s) => [s, severityText(lang, s)])),
    select('status', w.status, w.all, STATUSES.map((s) => [s, statusText(lang, s)])),
    html`<label>${w.search}<input id="f-text" type="search" autocomplete="off"></label>`,
    html`<span id="f-count">${w.showing} <b id="f-shown">${findings.sample.length}</b> / <span id="f-total">${findings.sample.length}</span> ${w.rows}</span></div>`,
  );
  const capped = findings.sample.length < findings.total ? html`<p class="note" id="cap-note">${w.capNote(findings.sample.length, findings.total)}</p>` : '';
  return html`<section id="findings-section"><h2>${w.findings}（${findings.total}）</h2>
<p class="note">${w.leadNote}</p>${capped}${filters}
<div class="scroll"><table id="findings" class="cards"><thead><tr>${findingColumns(model).map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>
${findings.sample.map((f) => row(model, f))}
</tbody></table></div>
<p id="f-none" class="note" hidden>${t(lang, '没有符合筛选条件的疑点。', 'No lead matches the filter.')}</p></section>`;
}
