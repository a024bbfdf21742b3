/**
 * The parse-and-validate layer of the import engine (issue 3 §3–§5), without any database.
 * Import from here; the database layer (staging, upsert by natural key, history, CLI, routes)
 * builds on these functions. Row shapes, natural keys and the result contract are in
 * `@cpaudit/contracts` (imports.ts).
 */
export { CellProblem, type CellValue, type SheetRow } from './cell.ts';
export { ImportFileError, type ImportFileErrorReason } from './errors.ts';
export { HEADER_SEARCH_ROWS, type HeaderMap } from './header.ts';
export { kindSpecs, type ColumnSpec, type ImportReference, type KindSpec } from './kinds/index.ts';
export { energyPerUnitKgce, ENERGY_TOLERANCE } from './kinds/energy.ts';
export { isValidCasNo } from './kinds/hazardous.ts';
export { cellText, excelSerialToIsoDate, parseDate, parseInteger, parseNumber, splitList } from './normalize.ts';
export {
  MAX_BATCH_ROWS,
  parseImport,
  parseImportBatches,
  type ImportBatch,
  type ParsedImport,
  type ParsedRow,
  type ParseImportOptions,
} from './parse-import.ts';
export { defaultReadLimits, openSpreadsheet, readRows, type CsvEncoding, type FileFormat, type OpenedFile, type ReadLimits } from './read-file.ts';
export { errorReportColumns, safeCellText, safeCellValue, writeErrorReport, writeXlsx, type ExportColumn, type WriteXlsxOptions } from './safe-export.ts';
export { buildTemplate } from './templates.ts';
