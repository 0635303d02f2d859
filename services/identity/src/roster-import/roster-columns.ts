import type { Gender, Stage } from '../teachers/teacher.repository.js';

/** The columns of a roster sheet, in template order; `header` is what the template's first row says. */
export const ROSTER_COLUMNS = [
  { key: 'idNumber', header: '身份证号', aliases: ['身份证号码', '身份证'], required: true, hint: '18位，末位X须大写；请保持本列为文本格式，否则Excel会丢失后几位', example: '370102198807120016' },
  { key: 'name', header: '姓名', aliases: [], required: true, hint: '1–50个字符', example: '张伟' },
  { key: 'gender', header: '性别', aliases: [], required: true, hint: '男 或 女', example: '男' },
  { key: 'stage', header: '学段', aliases: [], required: true, hint: '高中、初中、小学 或 幼儿园', example: '小学' },
  { key: 'subject', header: '学科', aliases: ['任教学科'], required: false, hint: '幼儿园可不填，其他学段必填', example: '数学' },
  { key: 'title', header: '职称', aliases: [], required: false, hint: '如 一级教师；可不填', example: '一级教师' },
  { key: 'phone', header: '手机号', aliases: ['手机号码', '手机', '联系电话'], required: false, hint: '11位手机号；可不填', example: '13800000000' },
  {
    key: 'school',
    header: '学校',
    aliases: ['学校名称', '单位', '所在学校', '单位名称'],
    required: false,
    hint: '单位全称或单位代码（如 S0001）；在学校、幼儿园或机构下导入时可不填，在区县及以上导入时必填',
    example: '济南市历下区第一实验小学',
  },
] as const;

export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
export type RosterColumnKey = RosterColumn['key'];

export const COLUMN_HEADERS = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, c.header])) as Record<RosterColumnKey, string>;

export const GENDERS: Record<string, Gender> = { 男: 'male', 女: 'female' };
export const STAGES: Record<string, Stage> = { 高中: 'high', 初中: 'middle', 小学: 'primary', 幼儿园: 'kindergarten' };
export const STAGE_NAMES: Record<Stage, string> = { high: '高中', middle: '初中', primary: '小学', kindergarten: '幼儿园' };
export const GENDER_NAMES: Record<Gender, string> = { male: '男', female: '女' };

/** Where each template column sits in a sheet (0-based), once its header row has been found. */
export type ColumnIndex = Partial<Record<RosterColumnKey, number>>;

/** Spaces, a required-marker star and full-width brackets are common in hand-made headers. */
function normaliseHeader(text: string): string {
  return text.replace(/\s+/g, '').replace(/^[*＊]+|[*＊]+$/g, '');
}

const COLUMN_BY_HEADER = new Map<string, RosterColumnKey>(ROSTER_COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [h, c.key] as const)));

/**
 * The header row's column positions, or null when `cells` is not a header row (it has no
 * 身份证号 column). Unknown columns are ignored, so notes columns and an error report's own
 * columns (原行号, 错误说明) don't stop a file from being imported.
 */
export function indexHeader(cells: readonly string[]): ColumnIndex | null {
  const index: ColumnIndex = {};
  cells.forEach((cell, i) => {
    const key = COLUMN_BY_HEADER.get(normaliseHeader(cell));
    if (key && index[key] === undefined) index[key] = i;
  });
  return index.idNumber === undefined ? null : index;
}

/** The required columns a header lacks, by their template names. */
export function missingColumns(index: ColumnIndex, needsSchool: boolean): string[] {
  return ROSTER_COLUMNS.filter((c) => (c.required || (needsSchool && c.key === 'school')) && index[c.key] === undefined).map((c) => c.header);
}
