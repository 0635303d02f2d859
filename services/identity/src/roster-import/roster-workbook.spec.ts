import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { indexHeader, ROSTER_COLUMNS } from './roster-columns.js';
import { buildRosterTemplate, describeProblems, sheetCell, writeErrorReport, type ReportRow } from './roster-workbook.js';

// Files are checked with exceljs's in-memory reader (the streaming one spools to temporary files;
// it is exercised end to end by the integration tests).
async function load(content: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

/** A row's cells from column A on; empty cells as ''. */
const rowValues = (sheet: ExcelJS.Worksheet, n: number) => Array.from({ length: sheet.columnCount }, (_, i) => sheet.getRow(n).getCell(i + 1).value ?? '');

describe('the template', () => {
  it('has the template columns in row 1, text-formatted ID and phone columns, drop-downs and a guide', async () => {
    const workbook = await load(await buildRosterTemplate());
    const sheet = workbook.getWorksheet('教师名单')!;
    expect(rowValues(sheet, 1)).toEqual(ROSTER_COLUMNS.map((c) => c.header));
    expect(indexHeader(rowValues(sheet, 1).map(String))).toEqual({ idNumber: 0, name: 1, gender: 2, stage: 3, subject: 4, title: 5, phone: 6, school: 7 });
    expect(sheet.getColumn(1).numFmt).toBe('@');
    expect(sheet.getColumn(7).numFmt).toBe('@');
    expect(sheet.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['"男,女"'] });
    expect(sheet.getCell('D10001').dataValidation).toMatchObject({ type: 'list', formulae: ['"高中,初中,小学,幼儿园"'] });
    expect(sheet.getCell('A1').note).toEqual(expect.stringContaining('必填。18位'));
    // No sample data in the sheet that gets imported: samples live in the guide.
    expect(rowValues(sheet, 2).every((v) => v === '')).toBe(true);
    const guide = workbook.getWorksheet('填写说明')!;
    expect(rowValues(guide, 2)).toEqual(['身份证号', '必填', expect.stringContaining('文本格式'), '370102198807120016']);
  });
});

describe('the error report', () => {
  const rows: ReportRow[] = [
    {
      rowNumber: 3,
      values: { idNumber: '370102198807120001', name: '张伟', gender: '男', stage: '小学', subject: '', title: '', phone: '', school: '' },
      problems: [
        { column: 'idNumber', reason: '身份证号校验位不正确' },
        { column: 'subject', reason: '除幼儿园外必须填写学科' },
      ],
    },
    { rowNumber: 8, values: { idNumber: '', name: '李娜', gender: '女', stage: '幼儿园', subject: '', title: '', phone: '139', school: '' }, problems: [{ column: 'idNumber', reason: '未填写身份证号' }] },
  ];

  async function report(input: ReportRow[]): Promise<{ written: number; content: Buffer }> {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const written = await writeErrorReport(output, Readable.from(input));
    return { written, content: Buffer.concat(chunks) };
  }

  it('lists each bad row with its values, original row number and every reason, bad cells marked', async () => {
    const { written, content } = await report(rows);
    expect(written).toBe(2);
    const sheet = (await load(content)).getWorksheet('错误行')!;
    expect(rowValues(sheet, 1)).toEqual([...ROSTER_COLUMNS.map((c) => c.header), '原行号', '错误说明']);
    expect(rowValues(sheet, 2)).toEqual(['370102198807120001', '张伟', '男', '小学', '', '', '', '', 3, '身份证号：身份证号校验位不正确；学科：除幼儿园外必须填写学科']);
    expect(rowValues(sheet, 3)).toEqual(['', '李娜', '女', '幼儿园', '', '', '139', '', 8, '身份证号：未填写身份证号']);
    expect(sheet.getCell('A2').fill).toMatchObject({ pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } });
    expect(sheet.getCell('E2').fill).toMatchObject({ pattern: 'solid' });
    expect(sheet.getCell('B2').fill).toBeUndefined();
    expect(sheet.rowCount).toBe(3);
  });

  it('has a header the import reads as the template columns, so a corrected report can be imported again', async () => {
    const sheet = (await load((await report(rows)).content)).getWorksheet('错误行')!;
    expect(indexHeader(rowValues(sheet, 1).map(String))).toEqual({ idNumber: 0, name: 1, gender: 2, stage: 3, subject: 4, title: 5, phone: 6, school: 7 });
  });

  it('is a valid, empty report when nothing failed', async () => {
    const { written, content } = await report([]);
    expect(written).toBe(0);
    expect((await load(content)).getWorksheet('错误行')!.rowCount).toBe(1);
  });

  it('describes problems by template column', () => {
    expect(describeProblems([{ column: 'phone', reason: 'x' }, { column: 'school', reason: 'y' }])).toBe('手机号：x；学校：y');
  });
});

describe('sheetCell', () => {
  it('unwraps what Excel stores around a value', () => {
    expect(sheetCell(null)).toBe('');
    expect(sheetCell('张伟')).toBe('张伟');
    expect(sheetCell(13900000000)).toBe(13900000000);
    expect(sheetCell({ richText: [{ text: '张' }, { text: '伟' }] })).toBe('张伟');
    expect(sheetCell({ formula: 'A1', result: '小学' })).toBe('小学');
    expect(sheetCell({ formula: 'A1' })).toBe('');
    expect(sheetCell({ text: { richText: [{ text: '链接' }] }, hyperlink: 'http://x' })).toBe('链接');
    expect(sheetCell({ error: '#N/A' })).toBe('#N/A');
    expect(sheetCell(new Date('1988-07-12T00:00:00Z'))).toBe('1988-07-12');
    expect(sheetCell(true)).toBe('TRUE');
  });
});
