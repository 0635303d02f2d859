import type { Stage } from '../teachers/teacher.repository.js';
import type { GroupingScope } from '../training-projects/training-project.js';
import { regionOf } from './region.js';
import { COMPREHENSIVE_SUBJECT } from './subject-affinity.js';

const STAGE_LABEL: Record<Stage, string> = { high: '高中', middle: '初中', primary: '小学', kindergarten: '' };

export interface NamingContext {
  stage: Stage;
  mergeScope: GroupingScope;
  /** City, county and school names by path. */
  orgNames: ReadonlyMap<string, string>;
}

export interface NameableGroup {
  schoolPaths: readonly string[];
  subject: string;
}

/**
 * 研修组命名 (seeds 003, 2024 高中, kindergartens 参照高中):
 * - one school, one subject: 市名+学校+学科, e.g. 济南市章丘七中高中体育研修组; a subject split into
 *   several groups: 济南市山东省实验中学高中语文第1研修组, 第2研修组 …;
 * - one school, mixed subjects or the 综合学科组: 市名+学校+综合第N研修组, e.g. 济南市济南一中综合第1研修组;
 * - across schools: 市名+学科+序号, e.g. 济南市高中通用技术第1研修组; merged per county, the county
 *   name follows the city's so that the counties of one city never share a name.
 * Numbers count in the order given. Two schools of one name are told apart by their code. A school
 * whose full name starts with its city's (济南市历下区实验小学) does not get the city twice.
 */
export function nameGroups(groups: readonly NameableGroup[], ctx: NamingContext): string[] {
  const nameOf = (path: string) => {
    const name = ctx.orgNames.get(path);
    if (name === undefined) throw new RangeError(`no name for org ${path}`);
    return name;
  };
  const schools = [...new Set(groups.flatMap((g) => g.schoolPaths))];
  const schoolsByName = new Map<string, number>();
  for (const s of schools) schoolsByName.set(nameOf(s), (schoolsByName.get(nameOf(s)) ?? 0) + 1);
  const schoolLabel = (path: string) => {
    const name = nameOf(path);
    return (schoolsByName.get(name) ?? 0) > 1 ? `${name}（${path.slice(path.lastIndexOf('/') + 1)}）` : name;
  };
  const cityAndSchool = (city: string, path: string) => {
    const school = schoolLabel(path);
    return school.startsWith(city) ? school : `${city}${school}`;
  };
  const stageSubject = (subject: string) => (ctx.stage === 'kindergarten' ? '' : `${STAGE_LABEL[ctx.stage]}${subject}`);

  const bases = groups.map((g) => {
    const first = g.schoolPaths[0];
    if (first === undefined) throw new RangeError('a group without schools');
    const city = nameOf(regionOf(first, 'city'));
    if (g.schoolPaths.length > 1) {
      const county = ctx.mergeScope === 'county' ? nameOf(regionOf(first, 'county')) : '';
      return { base: `${city}${county}${ctx.stage === 'kindergarten' ? '幼儿园' : stageSubject(g.subject)}`, numbered: true };
    }
    if (g.subject === COMPREHENSIVE_SUBJECT) return { base: `${cityAndSchool(city, first)}${COMPREHENSIVE_SUBJECT}`, numbered: true };
    return { base: `${cityAndSchool(city, first)}${stageSubject(g.subject)}`, numbered: false };
  });
  const counts = new Map<string, number>();
  for (const { base } of bases) counts.set(base, (counts.get(base) ?? 0) + 1);
  const seen = new Map<string, number>();
  return bases.map(({ base, numbered }) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return numbered || (counts.get(base) ?? 0) > 1 ? `${base}第${n}研修组` : `${base}研修组`;
  });
}
