import fc from 'fast-check';
import { checkCharacter } from '../teachers/id-number.js';
import { indexHeader, missingColumns, ROSTER_COLUMNS, type ColumnIndex } from './roster-columns.js';
import { InFileDuplicates, isBlankRow, parseRosterRow, unitResolver, type SheetCell, type UnitRef } from './roster-row.js';

const today = new Date('2026-11-23T00:00:00Z');
const school: UnitRef = { id: 'u1', path: '/37/3701/370102/S0001', name: '济南市历下区第一实验小学', code: 'S0001' };
const other: UnitRef = { id: 'u2', path: '/37/3701/370102/S0002', name: '济南市历下区实验中学', code: 'S0002' };
const twinCode: UnitRef = { id: 'u3', path: '/37/3701/370103/S0001', name: '济南市市中区实验小学', code: 'S0001' };
const header = ROSTER_COLUMNS.map((c) => c.header);
const columns = indexHeader(header)!;
const intoSchool = unitResolver(school, [school]);
const intoArea = unitResolver(null, [school, other, twinCode]);

const idNumber = (seq: number) => {
  const first17 = `370102198807${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
const cells = (overrides: Partial<Record<(typeof ROSTER_COLUMNS)[number]['key'], SheetCell>> = {}): SheetCell[] =>
  ROSTER_COLUMNS.map((c) => overrides[c.key] ?? ({ idNumber: idNumber(1), name: '张伟', gender: '男', stage: '小学', subject: '数学', title: '一级教师', phone: '13900000000', school: '' } as const)[c.key]);

describe('indexHeader', () => {
  it('finds the template columns wherever they are, by name or a common alias, and ignores the rest', () => {
    expect(indexHeader(['备注', ' 身份证号码 ', '姓名*', '性别', '学段', '任教学科', '联系电话', '学校名称'])).toEqual({ idNumber: 1, name: 2, gender: 3, stage: 4, subject: 5, phone: 6, school: 7 });
    expect(indexHeader(['XX学校教师花名册'])).toBeNull();
  });

  it('names the required columns a header lacks; 学校 only for imports above a unit', () => {
    const index: ColumnIndex = { idNumber: 0, name: 1 };
    expect(missingColumns(index, false)).toEqual(['性别', '学段']);
    expect(missingColumns(index, true)).toEqual(['性别', '学段', '学校']);
    expect(missingColumns(columns, true)).toEqual([]);
  });
});

describe('parseRosterRow', () => {
  it('turns a good row into a candidate for the chosen unit, normalising spaces and a lowercase x', () => {
    const id = '11010519491231002X';
    const row = parseRosterRow(2, cells({ idNumber: ` ${id.slice(0, 6)} ${id.slice(6, 17)}x `, name: ' 张伟 ', phone: 13900000000 }), columns, intoSchool, today);
    expect(row.problems).toEqual([]);
    expect(row.candidate).toEqual({ name: '张伟', idNumber: id, gender: 'male', stage: 'primary', subject: '数学', title: '一级教师', phone: '13900000000', unit: school });
    expect(row.validIdNumber).toBe(id);
  });

  it('reports every problem of a row with its column and reason, in template order', () => {
    const row = parseRosterRow(7, cells({ idNumber: '370102198807120001', name: '', gender: '男性', stage: '大学', subject: '', phone: '123' }), columns, intoSchool, today);
    expect(row.candidate).toBeNull();
    expect(row.validIdNumber).toBeNull();
    expect(row.problems).toEqual([
      { column: 'idNumber', reason: '身份证号校验位不正确' },
      { column: 'name', reason: '未填写姓名' },
      { column: 'gender', reason: '性别应为“男”或“女”' },
      { column: 'stage', reason: '学段应为“高中”“初中”“小学”或“幼儿园”' },
      { column: 'phone', reason: '手机号必须是以1开头的11位数字' },
    ]);
    expect(row.values).toMatchObject({ idNumber: '370102198807120001', gender: '男性', stage: '大学', phone: '123' });
  });

  it('applies the shared teacher rules: subject required outside kindergartens', () => {
    expect(parseRosterRow(3, cells({ stage: '初中', subject: '' }), columns, intoSchool, today).problems).toEqual([{ column: 'subject', reason: '除幼儿园外必须填写学科' }]);
    expect(parseRosterRow(3, cells({ stage: '幼儿园', subject: '' }), columns, intoSchool, today).problems).toEqual([]);
  });

  it('explains an ID number Excel stored as a number instead of calling it a bad checksum', () => {
    const row = parseRosterRow(4, cells({ idNumber: 370102198807120000 }), columns, intoSchool, today);
    expect(row.problems).toEqual([{ column: 'idNumber', reason: '身份证号被Excel存成了数字，后几位已丢失；请把本列设为文本格式后重新填写' }]);
  });

  it('treats a missing optional column as empty and says which required cell is empty', () => {
    const noSubject: ColumnIndex = { ...columns, subject: undefined };
    expect(parseRosterRow(5, cells({ stage: '幼儿园' }), noSubject, intoSchool, today).candidate?.subject).toBe('');
    expect(parseRosterRow(5, cells({ idNumber: '' }), columns, intoSchool, today).problems).toEqual([{ column: 'idNumber', reason: '未填写身份证号' }]);
  });

  it('keeps the ID number valid for the duplicate check even when other cells are wrong', () => {
    expect(parseRosterRow(6, cells({ gender: '' }), columns, intoSchool, today).validIdNumber).toBe(idNumber(1));
  });

  it('never throws and always either has problems or a candidate, whatever the cells', () => {
    const cell = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.constantFrom('男', '女', '小学', '幼儿园', idNumber(3), 'S0001'));
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 10 }), (row) => {
        const parsed = parseRosterRow(9, row, columns, intoArea, today);
        return (parsed.problems.length === 0) === (parsed.candidate !== null);
      }),
    );
  });
});

describe('unitResolver', () => {
  it('sends every row to the chosen unit; the 学校 cell may be empty or name that unit', () => {
    expect(intoSchool('')).toBe(school);
    expect(intoSchool('S0001')).toBe(school);
    expect(intoSchool(school.name)).toBe(school);
    expect(intoSchool('别的学校')).toBe('“别的学校”不是本次导入的单位“济南市历下区第一实验小学”；在单位下导入时本列可不填');
  });

  it('in an area, needs an unambiguous unit name or code inside it', () => {
    expect(intoArea(other.name)).toBe(other);
    expect(intoArea('s0002')).toBe(other);
    expect(intoArea('')).toBe('在区县及以上导入时必须填写学校（单位全称或单位代码）');
    expect(intoArea('S0001')).toBe('所选范围内有2个单位与“S0001”相符；请填写单位全称，或在区县下导入');
    expect(intoArea('青岛市第一中学')).toBe('所选范围内没有名称或代码为“青岛市第一中学”的学校、幼儿园或机构');
  });
});

describe('InFileDuplicates', () => {
  it('reports later rows with an ID number an earlier row already has, naming that row', () => {
    const duplicates = new InFileDuplicates();
    const first = duplicates.check(parseRosterRow(2, cells({ gender: '' }), columns, intoSchool, today));
    const second = duplicates.check(parseRosterRow(9, cells(), columns, intoSchool, today));
    const third = duplicates.check(parseRosterRow(10, cells({ idNumber: idNumber(2) }), columns, intoSchool, today));
    expect(first.problems).toEqual([{ column: 'gender', reason: '未填写性别' }]);
    expect(second.candidate).toBeNull();
    expect(second.problems).toEqual([{ column: 'idNumber', reason: '与第2行的身份证号重复' }]);
    expect(third.candidate).not.toBeNull();
  });
});

describe('isBlankRow', () => {
  it('is true only when every cell is empty text', () => {
    expect(isBlankRow(['', '  ', ''])).toBe(true);
    expect(isBlankRow([])).toBe(true);
    expect(isBlankRow(['', 0])).toBe(false);
  });
});
