/**
 * exceljs's streaming workbook writer, loaded alone. The package's entry point loads its readers as well (unzipper,
 * jszip, fast-csv and their polyfills): ~250 ms of every run's start-up against ~95 ms for the writer module, which
 * needs none of them (`node -e` timing of require('exceljs') and of this module). Reading workbooks (ingest) still
 * loads the whole package, when a workbook arrives.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

const require = createRequire(import.meta.url);

export const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter = require('exceljs/lib/stream/xlsx/workbook-writer.js');
