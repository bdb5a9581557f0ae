// Public face of the 公示 (public notice) lists: build them from the rosters in force, write HTML and Excel.
export { buildNotice, buildSummary, NO_PLACE, type NoticeModel, type NoticePage, type NoticeLine, type SummaryRow, type NoticeFilter } from './model.ts';
export { renderNoticeHtml, renderSummaryHtml, monthText } from './html.ts';
export { writeNoticeXlsx, writeSummaryXlsx } from './xlsx.ts';
export { maskName, scrubNumbers, SCRUBBED } from './scrub.ts';
export { writeNotice, type WriteNoticeOptions } from './write.ts';
