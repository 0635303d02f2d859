import { reachableChapterTotals } from './chapter-sums.js';
import {
  COURSE_LEVELS,
  STAGES,
  fromHalfHours,
  isHourAmount,
  sumHours,
  toHalfHours,
  type ChapterRule,
  type ElectiveRule,
  type OfferedCourse,
  type PackageRule,
  type PushedRequirement,
  type SelectionPolicy,
} from './selection-policy.js';

export type PolicyProblemCode =
  | 'empty_policy'
  | 'missing_name'
  | 'bad_hours'
  | 'no_courses'
  | 'duplicate_package'
  | 'duplicate_chapter'
  | 'duplicate_course'
  | 'duplicate_topic'
  | 'inconsistent_course'
  | 'course_in_two_places'
  | 'required_not_offered'
  | 'choice_not_offered'
  | 'bad_choose_count'
  | 'choose_more_than_offered'
  | 'choice_overlaps'
  | 'required_exceeds_hours'
  | 'offered_below_hours'
  | 'exact_hours_unreachable'
  | 'unknown_topic'
  | 'topic_in_two_groups'
  | 'group_below_hours'
  | 'bad_topic_range'
  | 'topic_range_too_small'
  | 'bad_pushed_rule'
  | 'duplicate_pushed_rule';

/** Why a policy cannot be saved: `where` names the place as an expert reads it, `message` says what and why. */
export interface PolicyProblem {
  code: PolicyProblemCode;
  where: string;
  message: string;
}

const h = (hours: number) => `${hours} 学时`;
const titled = (c: OfferedCourse) => `《${c.title}》`;

/**
 * Everything that makes a policy impossible or ambiguous, so it is refused when saved instead of
 * surfacing as teachers who cannot complete their selection. Empty means the policy is sound: every
 * package chapter and every elective group can be satisfied.
 */
export function validatePolicy(policy: SelectionPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const report = (code: PolicyProblemCode, where: string, message: string) => problems.push({ code, where, message });

  if (policy.packages.length === 0 && (policy.electives?.topics.length ?? 0) === 0 && policy.pushed.length === 0) {
    report('empty_policy', '选课规则', '规则中既没有套餐，也没有选修专题或必修课程');
  }
  checkCourseConsistency(policy, report);

  const codes = new Set<string>();
  for (const pkg of policy.packages) {
    if (codes.has(pkg.code)) report('duplicate_package', `套餐 ${pkg.code}`, `套餐代码 ${pkg.code} 出现了两次`);
    codes.add(pkg.code);
    checkPackage(pkg, report);
  }
  if (policy.electives) checkElectives(policy.electives, report);
  checkPushed(policy.pushed, report);
  checkNoDoubleOffer(policy, report);
  return problems;
}

type Report = (code: PolicyProblemCode, where: string, message: string) => void;

function checkCourses(courses: readonly OfferedCourse[], where: string, report: Report): void {
  if (courses.length === 0) report('no_courses', where, '没有提供任何课程');
  const seen = new Set<string>();
  for (const c of courses) {
    if (seen.has(c.courseId)) report('duplicate_course', where, `${titled(c)} 列出了两次`);
    seen.add(c.courseId);
    if (!isHourAmount(c.hours)) report('bad_hours', where, `${titled(c)} 的学时 ${c.hours} 不是正的整数或半学时`);
  }
}

function checkPackage(pkg: PackageRule, report: Report): void {
  const where = `套餐 ${pkg.code}`;
  if (!pkg.code.trim() || !pkg.name.trim()) report('missing_name', where, '套餐需要代码和名称');
  if (pkg.chapters.length === 0) report('no_courses', where, '套餐中没有任何篇章');
  const chapterIds = new Set<string>();
  const chapterOf = new Map<string, string>();
  for (const chapter of pkg.chapters) {
    if (chapterIds.has(chapter.chapterId)) report('duplicate_chapter', where, `${chapter.name} 出现了两次`);
    chapterIds.add(chapter.chapterId);
    for (const c of chapter.courses) {
      const other = chapterOf.get(c.courseId);
      // A course in two chapters would make "how many hours has 方法篇" ambiguous.
      if (other !== undefined && other !== chapter.name) report('course_in_two_places', where, `${titled(c)} 同时出现在${other}和${chapter.name}中`);
      chapterOf.set(c.courseId, chapter.name);
    }
    checkChapter(`${where} · ${chapter.name}`, chapter, report);
  }
}

function checkChapter(where: string, chapter: ChapterRule, report: Report): void {
  if (!chapter.name.trim()) report('missing_name', where, '篇章需要名称');
  checkCourses(chapter.courses, where, report);
  const hoursOk = isHourAmount(chapter.hours.hours);
  if (!hoursOk) report('bad_hours', where, `要求的学时 ${chapter.hours.hours} 不是正的整数或半学时`);

  const byId = new Map(chapter.courses.map((c) => [c.courseId, c]));
  const required = new Set(chapter.requiredCourseIds);
  let wellFormed = hoursOk && chapter.courses.every((c) => isHourAmount(c.hours));
  for (const id of chapter.requiredCourseIds) {
    if (!byId.has(id)) {
      report('required_not_offered', where, `必选课程 ${id} 不在本篇提供的课程中`);
      wellFormed = false;
    }
  }
  const inSets = new Set<string>();
  for (const set of chapter.chooseSets) {
    const n = set.courseIds.length;
    const label = `“${n} 选 ${set.choose}”`;
    if (!Number.isInteger(set.choose) || set.choose < 1) {
      report('bad_choose_count', where, `${label} 中要选的门数必须是至少 1 的整数`);
      wellFormed = false;
    } else if (set.choose > n) {
      report('choose_more_than_offered', where, `${label} 要求选 ${set.choose} 门，但只列出了 ${n} 门`);
      wellFormed = false;
    }
    for (const id of set.courseIds) {
      const course = byId.get(id);
      if (!course) {
        report('choice_not_offered', where, `${label} 中的课程 ${id} 不在本篇提供的课程中`);
        wellFormed = false;
      } else if (required.has(id) || inSets.has(id)) {
        report('choice_overlaps', where, `${titled(course)} 已是必选课程或已在另一组“选几门”中`);
        wellFormed = false;
      }
      inSets.add(id);
    }
  }
  if (!wellFormed) return;

  const target = toHalfHours(chapter.hours.hours);
  const totals = reachableChapterTotals(chapter);
  const least = totals[0] ?? 0;
  const most = totals[totals.length - 1] ?? 0;
  const requiredHours = sumHours(chapter.requiredCourseIds.map((id) => byId.get(id)).filter((c): c is OfferedCourse => c !== undefined));
  if (chapter.hours.mode === 'exact' && least > target) {
    const what = toHalfHours(requiredHours) > target ? `必选课程共 ${h(requiredHours)}` : `必选课程和“选几门”课程至少共 ${h(fromHalfHours(least))}`;
    report('required_exceeds_hours', where, `${what}，超过本篇要求的 ${h(chapter.hours.hours)}`);
  } else if (most < target) {
    report('offered_below_hours', where, `本篇按规则最多只能选出 ${h(fromHalfHours(most))}，少于要求的 ${h(chapter.hours.hours)}`);
  } else if (chapter.hours.mode === 'exact' && !totals.includes(target)) {
    const below = totals.filter((t) => t < target).pop();
    const above = totals.find((t) => t > target);
    const near = [below, above].filter((t): t is number => t !== undefined).map((t) => h(fromHalfHours(t)));
    report('exact_hours_unreachable', where, `没有任何符合规则的课程组合恰好是 ${h(chapter.hours.hours)}（最接近的是 ${near.join(' 或 ')}）`);
  }
}

function checkElectives(electives: ElectiveRule, report: Report): void {
  const topics = new Map<string, OfferedCourse[]>();
  const topicOf = new Map<string, string>();
  for (const topic of electives.topics) {
    const where = `选修专题「${topic.name}」`;
    if (!topic.name.trim()) report('missing_name', where, '专题需要名称');
    if (topics.has(topic.topicId)) report('duplicate_topic', where, `专题 ${topic.topicId} 出现了两次`);
    topics.set(topic.topicId, topic.courses);
    checkCourses(topic.courses, where, report);
    for (const c of topic.courses) {
      const other = topicOf.get(c.courseId);
      if (other !== undefined && other !== topic.name) report('course_in_two_places', where, `${titled(c)} 同时属于专题「${other}」和「${topic.name}」`);
      topicOf.set(c.courseId, topic.name);
    }
  }

  // Groups are disjoint so a school's topic choice can be checked group by group.
  const groupOf = new Map<string, string>();
  const topicsNeeded: number[] = [];
  for (const group of electives.groups) {
    const where = `选修要求「${group.name}」`;
    if (!group.name.trim()) report('missing_name', where, '选修要求需要名称');
    if (!isHourAmount(group.minimumHours)) report('bad_hours', where, `要求的学时 ${group.minimumHours} 不是正的整数或半学时`);
    if (group.topicIds.length === 0) report('unknown_topic', where, '没有指定任何专题');
    const offered: number[] = [];
    for (const id of group.topicIds) {
      const courses = topics.get(id);
      if (!courses) {
        report('unknown_topic', where, `专题 ${id} 不在选修专题中`);
        continue;
      }
      const other = groupOf.get(id);
      if (other !== undefined) report('topic_in_two_groups', where, `专题 ${id} 已属于选修要求「${other}」`);
      groupOf.set(id, group.name);
      offered.push(toHalfHours(sumHours(courses)));
    }
    const total = offered.reduce((a, b) => a + b, 0);
    const min = toHalfHours(group.minimumHours);
    if (total < min) {
      report('group_below_hours', where, `这些专题一共只提供 ${h(fromHalfHours(total))}，少于要求的 ${h(group.minimumHours)}`);
      continue;
    }
    // Fewest topics of this group a school must pick to reach its minimum: the largest first.
    let needed = 0;
    let reached = 0;
    for (const hours of offered.sort((a, b) => b - a)) {
      if (reached >= min) break;
      reached += hours;
      needed++;
    }
    topicsNeeded.push(needed);
  }

  const range = electives.schoolChooses;
  if (range) {
    const where = '学校选专题';
    const { minTopics, maxTopics } = range;
    if (!Number.isInteger(minTopics) || !Number.isInteger(maxTopics) || minTopics < 1 || minTopics > maxTopics || maxTopics > electives.topics.length) {
      report('bad_topic_range', where, `学校选 ${minTopics}–${maxTopics} 个专题不成立：应满足 1 ≤ 最少 ≤ 最多 ≤ 专题总数 ${electives.topics.length}`);
    } else {
      const needed = topicsNeeded.reduce((a, b) => a + b, 0);
      if (needed > maxTopics) report('topic_range_too_small', where, `要满足各项选修学时，学校至少要选 ${needed} 个专题，但最多只允许选 ${maxTopics} 个`);
    }
  }
}

function checkPushed(pushed: readonly PushedRequirement[], report: Report): void {
  const keys = new Set<string>();
  for (const rule of pushed) {
    const where = `必修推送（${rule.stage}${rule.subject ? ` · ${rule.subject}` : ''}${rule.level ? ` · ${rule.level}` : ''}）`;
    if (!(STAGES as readonly string[]).includes(rule.stage)) report('bad_pushed_rule', where, `学段 ${rule.stage} 不存在`);
    if (rule.level !== null && !(COURSE_LEVELS as readonly string[]).includes(rule.level)) report('bad_pushed_rule', where, `层次 ${rule.level} 不存在`);
    if (rule.level !== null && rule.stage !== 'kindergarten') report('bad_pushed_rule', where, '只有幼儿园课程分基础和提高层次');
    if (rule.subject !== null && !rule.subject.trim()) report('bad_pushed_rule', where, '学科为空；适用于所有学科时不要填写学科');
    const key = `${rule.stage}|${rule.subject ?? '*'}|${rule.level ?? '*'}`;
    if (keys.has(key)) report('duplicate_pushed_rule', where, '同一学段、学科和层次的必修推送出现了两次');
    keys.add(key);
    checkCourses(rule.courses, where, report);
  }
}

/** A course may be offered for choosing in one place only, and never both pushed and chosen. */
function checkNoDoubleOffer(policy: SelectionPolicy, report: Report): void {
  const pushedIds = new Set(policy.pushed.flatMap((r) => r.courses.map((c) => c.courseId)));
  const inPackages = new Set(policy.packages.flatMap((p) => p.chapters.flatMap((ch) => ch.courses.map((c) => c.courseId))));
  for (const topic of policy.electives?.topics ?? []) {
    for (const c of topic.courses) {
      if (inPackages.has(c.courseId)) report('course_in_two_places', `选修专题「${topic.name}」`, `${titled(c)} 同时在套餐和选修专题中，学时归属不明确`);
    }
  }
  const chosen = [...(policy.electives?.topics.flatMap((t) => t.courses) ?? []), ...policy.packages.flatMap((p) => p.chapters.flatMap((ch) => ch.courses))];
  for (const c of chosen) {
    if (pushedIds.has(c.courseId)) report('course_in_two_places', '必修推送', `${titled(c)} 已是自动推送的必修课程，不能再作为选学课程`);
  }
}

/** The same course must carry the same hours and title wherever the policy lists it. */
function checkCourseConsistency(policy: SelectionPolicy, report: Report): void {
  const all = [
    ...policy.packages.flatMap((p) => p.chapters.flatMap((ch) => ch.courses)),
    ...(policy.electives?.topics.flatMap((t) => t.courses) ?? []),
    ...policy.pushed.flatMap((r) => r.courses),
  ];
  const first = new Map<string, OfferedCourse>();
  for (const c of all) {
    const seen = first.get(c.courseId);
    if (!seen) first.set(c.courseId, c);
    else if (seen.hours !== c.hours || seen.title !== c.title) {
      report('inconsistent_course', '选课规则', `课程 ${c.courseId} 在不同位置的名称或学时不一致（${titled(seen)} ${h(seen.hours)} 与 ${titled(c)} ${h(c.hours)}）`);
    }
  }
}
