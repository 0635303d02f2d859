import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readRosterSheet, UnreadableRosterError, type RosterSheetEvent } from './roster-workbook.js';

// The streaming reader on real files (exceljs spools worksheets to temporary files, hence not a unit test).

async function xlsx(build: (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => void): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: true });
  build(workbook);
  await workbook.commit();
  return Buffer.concat(chunks);
}

async function read(file: Buffer): Promise<RosterSheetEvent[]> {
  const events: RosterSheetEvent[] = [];
  for await (const event of readRosterSheet(Readable.from([file]))) events.push(event);
  return events;
}

describe('readRosterSheet', () => {
  it('reads thousands of Chinese cells without breaking characters split across decompressed chunks', async () => {
    const names = Array.from({ length: 4000 }, (_, i) => `济南市历下区第${i}实验小学欧阳${'灏'.repeat(i % 7)}`);
    const file = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('教师名单');
      sheet.addRow(['身份证号', '姓名', '学校']).commit();
      names.forEach((name, i) => sheet.addRow([`3701021988071200${i % 10}`, name.slice(-4), name]).commit());
    });
    const rows = (await read(file)).filter((e) => e.kind === 'row');
    expect(rows).toHaveLength(names.length);
    expect(rows.map((r) => r.cells[2])).toEqual(names);
    expect(rows.some((r) => r.cells.some((c) => String(c).includes('\uFFFD')))).toBe(false);
  });

  it('finds the header below title rows and on a later sheet, and yields no header when there is none', async () => {
    const file = await xlsx((workbook) => {
      workbook.addWorksheet('说明').addRow(['请在下一页填写']).commit();
      const sheet = workbook.addWorksheet('名单');
      sheet.addRow(['历下区教师花名册']).commit();
      sheet.addRow(['序号', '身份证号码', '姓名']).commit();
      sheet.addRow([1, '11010519491231002X', '张伟']).commit();
    });
    expect(await read(file)).toEqual([
      { kind: 'header', rowNumber: 2, columns: { idNumber: 1, name: 2 } },
      { kind: 'row', rowNumber: 3, cells: [1, '11010519491231002X', '张伟'] },
    ]);
    const noHeader = await xlsx((workbook) => workbook.addWorksheet('名单').addRow(['姓名', '性别']).commit());
    expect(await read(noHeader)).toEqual([]);
  });

  it('turns a file that is not an .xlsx into a reason for the admin', async () => {
    const reading = read(Buffer.from('身份证号,姓名\n370102198807120016,张伟\n'));
    await expect(reading).rejects.toThrow(UnreadableRosterError);
    await expect(reading).rejects.toThrow(/^无法读取文件：请确认它是 Excel 的 \.xlsx 文件/);
  });

  it('tells a broken download from a broken file: the import is retried, not failed', async () => {
    const file = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('名单');
      sheet.addRow(['身份证号', '姓名']).commit();
      for (let i = 0; i < 2000; i++) sheet.addRow([`37010219880712${String(i).padStart(4, '0')}`, '张伟']).commit();
    });
    // The first half of the file arrives, then the connection to object storage is reset.
    const download = new Readable({ read() {} });
    download.push(file.subarray(0, Math.floor(file.length / 2)));
    setImmediate(() => download.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })));
    const reading = (async () => {
      for await (const event of readRosterSheet(download)) void event;
    })();
    await expect(reading).rejects.toThrow(/^reading the uploaded roster failed: read ECONNRESET/);
    await expect(reading).rejects.not.toThrow(UnreadableRosterError);
  });
});
