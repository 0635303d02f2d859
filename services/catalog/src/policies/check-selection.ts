import {
  fromHalfHours,
  sumHours,
  toHalfHours,
  type ChapterRule,
  type ElectiveGroupRule,
  type OfferedCourse,
  type PackageRule,
  type SchoolChoice,
  type SelectionPolicy,
  type TeacherProfile,
} from './selection-policy.js';

/**
 * `refused`: the selection cannot be saved as it is (a course outside the package, too many hours in a
 * chapter with exact hours, too many of a "choose k"). `incomplete`: it can be saved, but the teacher
 * still has to add something before study starts.
 */
export type Severity = 'refused' | 'incomplete';

export type SelectionViolation =
  | { kind: 'school_choice_missing'; severity: 'refused'; message: string }
  | { kind: 'not_offered'; severity: 'refused'; courseId: string; message: string }
  | { kind: 'chapter_hours_exceeded'; severity: 'refused'; chapter: string; selectedHours: number; requiredHours: number; excessHours: number; message: string }
  | { kind: 'choice_exceeded'; severity: 'refused'; chapter: string; courseIds: string[]; choose: number; chosen: number; message: string }
  | { kind: 'chapter_hours_short'; severity: 'incomplete'; chapter: string; selectedHours: number; requiredHours: number; shortHours: number; message: string }
  | { kind: 'required_missing'; severity: 'incomplete'; chapter: string; courseId: string; message: string }
  | { kind: 'choice_missing'; severity: 'incomplete'; chapter: string; courseIds: string[]; choose: number; chosen: number; message: string }
  | { kind: 'elective_hours_short'; severity: 'incomplete'; group: string; selectedHours: number; requiredHours: number; shortHours: number; message: string };

export type SchoolChoiceProblem =
  | { kind: 'package_required'; message: string }
  | { kind: 'unknown_package'; packageCode: string; message: string }
  | { kind: 'no_packages'; message: string }
  | { kind: 'topics_not_chosen_by_school'; message: string }
  | { kind: 'unknown_topic'; topicId: string; message: string }
  | { kind: 'topic_count'; chosen: number; minTopics: number; maxTopics: number; message: string }
  | { kind: 'group_unreachable'; group: string; offeredHours: number; requiredHours: number; message: string };

const h = (hours: number) => `${hours} 学时`;
const titles = (courses: readonly OfferedCourse[]) => courses.map((c) => `《${c.title}》`).join('、');

/** Is the school's choice one the policy allows? Empty means yes. */
export function checkSchoolChoice(policy: SelectionPolicy, choice: SchoolChoice): SchoolChoiceProblem[] {
  const problems: SchoolChoiceProblem[] = [];
  if (policy.packages.length > 0 && choice.packageCode === null) problems.push({ kind: 'package_required', message: '请选择一个课程套餐' });
  if (policy.packages.length === 0 && choice.packageCode !== null) problems.push({ kind: 'no_packages', message: '本项目没有课程套餐可选' });
  if (choice.packageCode !== null && policy.packages.length > 0 && !policy.packages.some((p) => p.code === choice.packageCode)) {
    problems.push({ kind: 'unknown_package', packageCode: choice.packageCode, message: `本项目没有套餐 ${choice.packageCode}（可选：${policy.packages.map((p) => p.code).join('、')}）` });
  }

  const range = policy.electives?.schoolChooses ?? null;
  if (!range) {
    if (choice.topicIds.length > 0) problems.push({ kind: 'topics_not_chosen_by_school', message: '本项目的选修专题由教师直接选择，学校无需选专题' });
    return problems;
  }
  const topics = new Map(policy.electives?.topics.map((t) => [t.topicId, t]) ?? []);
  const chosen = [...new Set(choice.topicIds)];
  for (const id of chosen) if (!topics.has(id)) problems.push({ kind: 'unknown_topic', topicId: id, message: `专题 ${id} 不在本项目的选修专题中` });
  if (chosen.length < range.minTopics || chosen.length > range.maxTopics) {
    const allowed = range.minTopics === range.maxTopics ? `${range.minTopics}` : `${range.minTopics}–${range.maxTopics}`;
    problems.push({ kind: 'topic_count', chosen: chosen.length, minTopics: range.minTopics, maxTopics: range.maxTopics, message: `学校需要选择 ${allowed} 个专题，现在选了 ${chosen.length} 个` });
  }
  for (const group of policy.electives?.groups ?? []) {
    const offered = sumHours(group.topicIds.filter((id) => chosen.includes(id)).flatMap((id) => topics.get(id)?.courses ?? []));
    if (toHalfHours(offered) < toHalfHours(group.minimumHours)) {
      problems.push({
        kind: 'group_unreachable',
        group: group.name,
        offeredHours: offered,
        requiredHours: group.minimumHours,
        message: `所选专题在「${group.name}」中只提供 ${h(offered)}，教师至少要选 ${h(group.minimumHours)}`,
      });
    }
  }
  return problems;
}

/**
 * Checks a teacher's chosen courses against their school's choice, and says what is wrong in the
 * teacher's terms: which chapter, how many hours short or over, which required course is missing.
 * No violations = a complete, valid selection.
 */
export function checkSelection(policy: SelectionPolicy, choice: SchoolChoice, courseIds: readonly string[]): SelectionViolation[] {
  const selected = new Set(courseIds);
  const violations: SelectionViolation[] = [];
  const pkg = choice.packageCode === null ? null : (policy.packages.find((p) => p.code === choice.packageCode) ?? null);
  if (policy.packages.length > 0 && !pkg) {
    violations.push({ kind: 'school_choice_missing', severity: 'refused', message: '学校还没有选定课程套餐，暂时不能选课' });
    return violations;
  }

  const offered = offeredTo(policy, choice);
  for (const id of selected) {
    if (offered.has(id)) continue;
    const known = knownCourse(policy, id);
    const where = pkg ? `本校所选的套餐 ${pkg.code} ` : '本校可选的课程';
    violations.push({ kind: 'not_offered', severity: 'refused', courseId: id, message: `${known ? `《${known.title}》` : `课程 ${id} `}不在${where}中` });
  }
  for (const chapter of pkg?.chapters ?? []) violations.push(...checkChapter(pkg as PackageRule, chapter, selected));
  for (const group of policy.electives?.groups ?? []) {
    const short = checkGroup(policy, choice, group, selected);
    if (short) violations.push(short);
  }
  return violations;
}

function checkChapter(pkg: PackageRule, chapter: ChapterRule, selected: ReadonlySet<string>): SelectionViolation[] {
  const out: SelectionViolation[] = [];
  const name = chapter.name;
  const byId = new Map(chapter.courses.map((c) => [c.courseId, c]));
  for (const id of chapter.requiredCourseIds) {
    if (!selected.has(id)) out.push({ kind: 'required_missing', severity: 'incomplete', chapter: name, courseId: id, message: `${name}缺少必选课程《${byId.get(id)?.title ?? id}》` });
  }
  for (const set of chapter.chooseSets) {
    const options = set.courseIds.map((id) => byId.get(id)).filter((c): c is OfferedCourse => c !== undefined);
    const chosen = set.courseIds.filter((id) => selected.has(id)).length;
    const label = `${titles(options)}中只能选 ${set.choose} 门`;
    if (chosen > set.choose) {
      out.push({ kind: 'choice_exceeded', severity: 'refused', chapter: name, courseIds: set.courseIds, choose: set.choose, chosen, message: `${name}：${label}，现在选了 ${chosen} 门` });
    } else if (chosen < set.choose) {
      out.push({ kind: 'choice_missing', severity: 'incomplete', chapter: name, courseIds: set.courseIds, choose: set.choose, chosen, message: `${name}：需要从${titles(options)}中选 ${set.choose} 门，现在选了 ${chosen} 门` });
    }
  }
  const selectedHours = sumHours(chapter.courses.filter((c) => selected.has(c.courseId)));
  const target = chapter.hours.hours;
  const diff = fromHalfHours(toHalfHours(selectedHours) - toHalfHours(target));
  if (diff < 0) {
    out.push({
      kind: 'chapter_hours_short',
      severity: 'incomplete',
      chapter: name,
      selectedHours,
      requiredHours: target,
      shortHours: -diff,
      message: `${name}已选 ${h(selectedHours)}，${chapter.hours.mode === 'exact' ? '需要' : '至少需要'} ${h(target)}，还差 ${h(-diff)}`,
    });
  } else if (diff > 0 && chapter.hours.mode === 'exact') {
    out.push({
      kind: 'chapter_hours_exceeded',
      severity: 'refused',
      chapter: name,
      selectedHours,
      requiredHours: target,
      excessHours: diff,
      message: `${name}已选 ${h(selectedHours)}，套餐 ${pkg.code} 规定本篇为 ${h(target)}，多了 ${h(diff)}`,
    });
  }
  return out;
}

function checkGroup(policy: SelectionPolicy, choice: SchoolChoice, group: ElectiveGroupRule, selected: ReadonlySet<string>): SelectionViolation | null {
  const open = openTopicIds(policy, choice);
  const courses = (policy.electives?.topics ?? []).filter((t) => group.topicIds.includes(t.topicId) && open.has(t.topicId)).flatMap((t) => t.courses);
  const selectedHours = sumHours(courses.filter((c) => selected.has(c.courseId)));
  const short = fromHalfHours(toHalfHours(group.minimumHours) - toHalfHours(selectedHours));
  if (short <= 0) return null;
  return {
    kind: 'elective_hours_short',
    severity: 'incomplete',
    group: group.name,
    selectedHours,
    requiredHours: group.minimumHours,
    shortHours: short,
    message: `「${group.name}」已选 ${h(selectedHours)}，至少需要 ${h(group.minimumHours)}，还差 ${h(short)}`,
  };
}

/** Elective topics a teacher may choose under: the school's, or all when schools don't choose. */
function openTopicIds(policy: SelectionPolicy, choice: SchoolChoice): Set<string> {
  const all = policy.electives?.topics.map((t) => t.topicId) ?? [];
  return new Set(policy.electives?.schoolChooses ? all.filter((id) => choice.topicIds.includes(id)) : all);
}

/** Every course a teacher of this school may choose, by id. */
export function offeredTo(policy: SelectionPolicy, choice: SchoolChoice): Map<string, OfferedCourse> {
  const pkg = policy.packages.find((p) => p.code === choice.packageCode);
  const open = openTopicIds(policy, choice);
  const courses = [...(pkg?.chapters.flatMap((ch) => ch.courses) ?? []), ...(policy.electives?.topics.filter((t) => open.has(t.topicId)).flatMap((t) => t.courses) ?? [])];
  return new Map(courses.map((c) => [c.courseId, c]));
}

function knownCourse(policy: SelectionPolicy, courseId: string): OfferedCourse | undefined {
  return [...policy.packages.flatMap((p) => p.chapters.flatMap((ch) => ch.courses)), ...(policy.electives?.topics.flatMap((t) => t.courses) ?? [])].find((c) => c.courseId === courseId);
}

/** Pushed required courses for one teacher: by stage, subject and (kindergarten) level. */
export function pushedCourses(policy: SelectionPolicy, profile: TeacherProfile): OfferedCourse[] {
  return policy.pushed
    .filter((r) => r.stage === profile.stage && (r.subject === null || r.subject === profile.subject) && (r.level === null || r.level === profile.level))
    .flatMap((r) => r.courses);
}

export interface CountedCourse extends OfferedCourse {
  /** pushed: 必修 by stage/subject/level; package_required: 必选 in the school's package; chosen: the teacher's pick. */
  reason: 'pushed' | 'package_required' | 'chosen';
}

/**
 * What counts for this teacher's project hours: pushed courses, the package's required ones, and the
 * chosen courses the school's choice offers. Anything else stays watchable but counts for nothing.
 */
export function countedCourses(policy: SelectionPolicy, choice: SchoolChoice, profile: TeacherProfile, courseIds: readonly string[]): CountedCourse[] {
  const counted = new Map<string, CountedCourse>();
  for (const c of pushedCourses(policy, profile)) counted.set(c.courseId, { ...c, reason: 'pushed' });
  const pkg = policy.packages.find((p) => p.code === choice.packageCode);
  for (const chapter of pkg?.chapters ?? []) {
    for (const c of chapter.courses) if (chapter.requiredCourseIds.includes(c.courseId) && !counted.has(c.courseId)) counted.set(c.courseId, { ...c, reason: 'package_required' });
  }
  const offered = offeredTo(policy, choice);
  for (const id of courseIds) {
    const c = offered.get(id);
    if (c && !counted.has(id)) counted.set(id, { ...c, reason: 'chosen' });
  }
  return [...counted.values()];
}
