import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';
import { GENDERS, indexHeader, ROSTER_COLUMNS, STAGES, type ColumnIndex, type RosterColumnKey } from './roster-columns.js';
import type { RowProblem, SheetCell } from './roster-row.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const TEMPLATE_FILE_NAME = '教师花名册导入模板.xlsx';

/** How far down a sheet the header row may start (title rows above it are common in school rosters). */
const HEADER_SEARCH_ROWS = 10;
/** Template rows that get drop-down lists for 性别 and 学段. */
const TEMPLATE_ROWS = 10_000;
/** ID numbers and phones must stay text: as numbers Excel rounds 18 digits away. */
const TEXT_COLUMNS: readonly RosterColumnKey[] = ['idNumber', 'phone'];
const WIDTHS: Record<RosterColumnKey, number> = { idNumber: 22, name: 12, gender: 8, stage: 10, subject: 12, title: 14, phone: 16, school: 32 };
const BAD_CELL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

/** exceljs is loaded on first use: it is big, and most identity processes never touch a spreadsheet. */
let excel: Promise<typeof ExcelJS> | null = null;
const loadExcel = () => (excel ??= import('exceljs').then((module) => module.default));

/** The file could not be read as an .xlsx roster: the whole import fails with this reason. */
export class UnreadableRosterError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnreadableRosterError';
  }
}

export type RosterSheetEvent = { kind: 'header'; rowNumber: number; columns: ColumnIndex } | { kind: 'row'; rowNumber: number; cells: SheetCell[] };

/** A cell's content as text or number, whatever Excel wrapped it in (rich text, formula results, links). */
export function sheetCell(value: unknown): SheetCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return (value.richText as { text?: unknown }[]).map((part) => sheetCell(part.text)).join('');
    if ('result' in value) return sheetCell(value.result);
    if ('formula' in value || 'sharedFormula' in value) return '';
    if ('text' in value) return sheetCell(value.text);
    if ('error' in value) return sheetCell(value.error);
    return '';
  }
  return typeof value === 'bigint' ? value.toString() : '';
}

/**
 * Streams the roster out of an .xlsx: the first worksheet with a header row (a 身份证号 column in
 * its first rows) yields that header, then every row below it. Nothing is held in memory but the
 * current rows (exceljs spools a worksheet to a temporary file only when the shared strings come
 * after it in the zip). Yields no header when no sheet has one. Reading errors become
 * UnreadableRosterError.
 */
export async function* readRosterSheet(input: Readable): AsyncGenerator<RosterSheetEvent> {
  const { stream } = await loadExcel();
  const workbook = new stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  decodeUtf8AcrossChunks(workbook as unknown as ReaderInternals);
  try {
    for await (const sheet of unreadableOnError(workbook, input)) {
      let header: number | null = null;
      for await (const row of unreadableOnError(sheet, input)) {
        const cells = rowCells(row);
        if (header === null) {
          const columns = row.number <= HEADER_SEARCH_ROWS ? indexHeader(cells.map(String)) : null;
          if (columns) {
            header = row.number;
            yield { kind: 'header', rowNumber: row.number, columns };
          }
        } else {
          yield { kind: 'row', rowNumber: row.number, cells };
        }
      }
      if (header !== null) return;
    }
  } finally {
    input.destroy();
  }
}

/** The parts of exceljs' WorkbookReader that hand XML chunks to its SAX parser. */
interface ReaderInternals {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/**
 * exceljs decodes every decompressed chunk on its own, so a Chinese character split across two
 * chunks becomes U+FFFD (exceljs issues #2063, #2084; still open in 4.4.x). Here chunks reach the
 * parser as text decoded by one StringDecoder per entry, which carries split characters over.
 */
function decodeUtf8AcrossChunks(reader: ReaderInternals): void {
  const parseSharedStrings = reader._parseSharedStrings.bind(reader);
  const parseWorksheet = reader._parseWorksheet.bind(reader);
  reader._parseSharedStrings = (entry) => {
    entry.setEncoding('utf8');
    return parseSharedStrings(entry);
  };
  reader._parseWorksheet = (chunks, sheetNo) => parseWorksheet(utf8Text(chunks), sheetNo);
}

async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * A parse failure is the file's fault and fails the import for good, with a reason for the admin; a
 * failure of the download itself (object storage reset the connection mid-file) is not, and is
 * rethrown as it is, so the job stays running and another attempt reads the file again. exceljs does
 * not notice its input failing (it waits for more bytes forever), hence the race with the input's error.
 */
async function* unreadableOnError<T>(source: AsyncIterable<T>, input: Readable): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const downloadFailed = new Promise<never>((_, reject) => {
    if (input.errored) reject(new RosterDownloadError(input.errored));
    else input.once('error', (error) => reject(new RosterDownloadError(error)));
  });
  downloadFailed.catch(() => undefined);
  for (;;) {
    let next: IteratorResult<T>;
    try {
      next = await Promise.race([iterator.next(), downloadFailed]);
    } catch (error) {
      if (error instanceof RosterDownloadError) throw error;
      if (input.errored) throw new RosterDownloadError(input.errored);
      throw new UnreadableRosterError(`无法读取文件：请确认它是 Excel 的 .xlsx 文件（.xls 请先另存为 .xlsx）。${describe(error)}`.slice(0, 480), { cause: error });
    }
    if (next.done) return;
    yield next.value;
  }
}

/** The upload could not be read to its end: a fault of the storage or the network, worth another attempt. */
class RosterDownloadError extends Error {
  constructor(cause: unknown) {
    super(`reading the uploaded roster failed: ${describe(cause)}`, { cause });
    this.name = 'RosterDownloadError';
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

function rowCells(row: ExcelJS.Row): SheetCell[] {
  // exceljs numbers columns from 1; index 0 is always empty.
  const values = row.values as unknown[];
  const cells: SheetCell[] = [];
  for (let i = 1; i < values.length; i++) cells.push(sheetCell(values[i]));
  return cells;
}

/** The downloadable template: the columns with hints, drop-down lists, text-formatted ID and phone columns, and a sheet of instructions. */
export async function buildRosterTemplate(): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  workbook.creator = '研修平台';
  const sheet = workbook.addWorksheet('教师名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ROSTER_COLUMNS.forEach((column, i) => {
    const sheetColumn = sheet.getColumn(i + 1);
    sheetColumn.width = WIDTHS[column.key];
    if (TEXT_COLUMNS.includes(column.key)) sheetColumn.numFmt = '@';
    const cell = sheet.getCell(1, i + 1);
    cell.value = column.header;
    cell.font = { bold: true, color: { argb: column.required ? 'FFC00000' : 'FF000000' } };
    cell.note = `${column.required ? '必填。' : ''}${column.hint}`;
  });
  const listColumns: [RosterColumnKey, string[]][] = [
    ['gender', Object.keys(GENDERS)],
    ['stage', Object.keys(STAGES)],
  ];
  // One validation per column range; exceljs's typings only know the per-cell form, which is slow for thousands of rows.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  for (const [key, choices] of listColumns) {
    const letter = sheet.getColumn(ROSTER_COLUMNS.findIndex((c) => c.key === key) + 1).letter;
    validations.add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, { type: 'list', allowBlank: true, formulae: [`"${choices.join(',')}"`], showErrorMessage: true, error: `请选择：${choices.join('、')}` });
  }

  const guide = workbook.addWorksheet('填写说明');
  guide.columns = [
    { header: '列名', width: 12 },
    { header: '是否必填', width: 10 },
    { header: '说明', width: 70 },
    { header: '示例', width: 28 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const column of ROSTER_COLUMNS) guide.addRow([column.header, column.required ? '必填' : column.key === 'subject' || column.key === 'school' ? '视情况' : '选填', column.hint, column.example]);
  guide.addRow([]);
  guide.addRow(['', '', '每行一位教师，从第2行开始填写；请勿修改第1行的列名。同一文件重复导入不会产生重复教师：已在花名册中且信息相同的教师会被跳过。']);
  guide.addRow(['', '', '已在花名册中、但信息不同的教师不会被导入修改，会列入错误报告；请通过信息修正或调动办理。']);
  guide.addRow(['', '', '导入完成后可下载错误报告：改正其中的行后，可直接把错误报告再次导入。']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A reported row as the error report shows it. */
export interface ReportRow {
  rowNumber: number;
  values: Record<RosterColumnKey, string>;
  problems: RowProblem[];
}

export const REPORT_EXTRA_HEADERS = ['原行号', '错误说明'] as const;

/**
 * Writes the error report, streaming: the template's columns with the file's values (bad cells
 * marked red), the original row number and every problem. Unknown columns are ignored on import,
 * so the corrected report can be imported again as it is. Resolves when `output` has finished;
 * returns the number of rows written.
 */
export async function writeErrorReport(output: Writable, rows: AsyncIterable<ReportRow>): Promise<number> {
  const { stream } = await loadExcel();
  const workbook = new stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('错误行', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    ...ROSTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: WIDTHS[c.key], ...(TEXT_COLUMNS.includes(c.key) ? { style: { numFmt: '@' } } : {}) })),
    { header: REPORT_EXTRA_HEADERS[0], key: 'rowNumber', width: 8 },
    { header: REPORT_EXTRA_HEADERS[1], key: 'reason', width: 80 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let written = 0;
  for await (const row of rows) {
    const sheetRow = sheet.addRow([...ROSTER_COLUMNS.map((c) => row.values[c.key]), row.rowNumber, describeProblems(row.problems)]);
    for (const problem of row.problems) sheetRow.getCell(ROSTER_COLUMNS.findIndex((c) => c.key === problem.column) + 1).fill = BAD_CELL_FILL;
    sheetRow.commit();
    written++;
  }
  sheet.commit();
  await workbook.commit();
  return written;
}

/** "身份证号：身份证号校验位不正确；学科：除幼儿园外必须填写学科" */
export function describeProblems(problems: readonly RowProblem[]): string {
  return problems.map((p) => `${ROSTER_COLUMNS.find((c) => c.key === p.column)?.header ?? p.column}：${p.reason}`).join('；');
}
