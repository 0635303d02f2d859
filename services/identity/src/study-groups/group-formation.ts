import type { Stage } from '../teachers/teacher.repository.js';
import type { GroupingParameters, TutorTeamScope } from '../training-projects/training-project.js';
import { nameGroups } from './group-naming.js';
import { partition, planParts } from './partition.js';
import { regionOf } from './region.js';
import { COMPREHENSIVE_SUBJECT, familyOf, groupingSubject, type SubjectAffinity } from './subject-affinity.js';

/** An enrolled trainee or group leader, as formation needs them. */
export interface GroupingTrainee {
  teacherId: string;
  /** The school or kindergarten enrolled through: /province/city/county/unit. */
  schoolPath: string;
  /** As enrolled; empty for kindergartens. */
  subject: string;
  /** 年级备课组 (e.g. 高一), when known: large teaching groups split along them. */
  gradeGroup: string | null;
  /** Enrolled as 研修组长 (the teaching or preparation group head): leads the group they land in. */
  leaderCandidate: boolean;
}

export type FormationParameters = Pick<GroupingParameters, 'groupSizeTarget' | 'groupSizeMin' | 'groupSizeMax' | 'mergeBelow' | 'mergeScope'>;

/** A member as the composition rules see them. */
export interface MemberFacts {
  schoolPath: string;
  /** As enrolled. */
  subject: string;
}

/** What the composition of a group is checked against. */
export interface GroupingRules {
  stage: Stage;
  parameters: Pick<GroupingParameters, 'groupSizeMax' | 'mergeScope'>;
  affinity: SubjectAffinity;
}

export interface GroupShape {
  /** The school, or the county or city of a group across schools. */
  orgPath: string;
  schoolPaths: string[];
  /** Grouping subjects (综合 folded), sorted. */
  subjects: string[];
  /** The tutor team subject: the one subject, or 综合 when mixed. */
  subject: string;
}

/** Where a group of these members sits and whose tutor team it belongs to. */
export function shapeOf(rules: GroupingRules, members: readonly MemberFacts[]): GroupShape {
  const schoolPaths = distinct(members.map((m) => m.schoolPath));
  const subjects = distinct(members.map((m) => groupingSubject(rules.stage, rules.affinity, m.subject)));
  const first = schoolPaths[0];
  if (first === undefined) throw new RangeError('a group has at least one member');
  const scope = rules.parameters.mergeScope;
  return {
    orgPath: schoolPaths.length === 1 || scope === 'school' ? first : regionOf(first, scope),
    schoolPaths,
    subjects,
    subject: subjects.length === 1 ? (subjects[0] as string) : COMPREHENSIVE_SUBJECT,
  };
}

export interface FormationInput {
  stage: Stage;
  parameters: FormationParameters;
  affinity: SubjectAffinity;
  /** Names of the cities, counties and schools of the trainees, by path. */
  orgNames: ReadonlyMap<string, string>;
  trainees: readonly GroupingTrainee[];
}

export interface FormedGroup {
  name: string;
  /** The school, or for a group across schools the county or city it lies in: the jurisdiction key. */
  orgPath: string;
  schoolPaths: string[];
  /** The tutor team it belongs to: its subject, 综合 when it mixes subjects, empty for kindergartens. */
  subject: string;
  /** Its members' subjects for grouping (high-school 综合 subjects already folded). */
  subjects: string[];
  /** Sorted. */
  memberIds: string[];
  leaderId: string;
  /** False when no member enrolled as 研修组长, so the leader is a provisional pick for the admin to confirm (跨校编组的研修组长由教育行政部门指定). */
  leaderIsCandidate: boolean;
}

interface Member extends GroupingTrainee {
  /** The subject it groups under (综合 folded, empty for kindergartens). */
  groupSubject: string;
}

/** A group in the making. */
type Draft = Member[];

const byTeacher = (a: Member, b: Member) => (a.teacherId < b.teacherId ? -1 : a.teacherId > b.teacherId ? 1 : 0);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const distinct = (values: Iterable<string>) => [...new Set(values)].sort(compareText);
const schoolsOf = (d: Draft) => distinct(d.map((m) => m.schoolPath));
const subjectsOf = (d: Draft) => distinct(d.map((m) => m.groupSubject));
/** A stable identity of a draft for ordering: its smallest member. */
const keyOf = (d: Draft) => d.reduce((min, m) => (m.teacherId < min ? m.teacherId : min), d[0]?.teacherId ?? '');

function groupBy<T>(items: readonly T[], keyOfItem: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOfItem(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => compareText(a, b));
}

/**
 * 编组: forms the study groups of one county or city from its enrolled trainees (seeds 003):
 * 1. each school's subject teaching group (学科教研组) is a group; a kindergarten is one, without
 *    subjects; high-school IT, general technology, comprehensive practice and auxiliary staff
 *    form the school's 综合 group;
 * 2. a group above the maximum splits into parts of about the target size, along grade
 *    preparation groups (年级备课组) where known;
 * 3. groups under `mergeBelow` merge: across the schools of the county or city with the same
 *    subject when the project's merge scope says so (初中在县区范围内与就近学校同一学科组合并编组),
 *    then within the school with similar subjects (高中、小学可在学校范围内与相近学科合并编组); a
 *    group that still has no partner with room stays as it is;
 * 4. each group gets exactly one leader, an enrolled 研修组长 when it has one.
 * No group ever grows beyond the maximum. The result depends only on the input's content, not its order.
 */
export function formStudyGroups(input: FormationInput): FormedGroup[] {
  const p = input.parameters;
  if (!(p.mergeBelow <= p.groupSizeMin && p.groupSizeMin <= p.groupSizeTarget && p.groupSizeTarget <= p.groupSizeMax)) {
    throw new RangeError('grouping sizes must satisfy mergeBelow ≤ groupSizeMin ≤ groupSizeTarget ≤ groupSizeMax');
  }
  const members: Member[] = input.trainees.map((t) => ({ ...t, groupSubject: groupingSubject(input.stage, input.affinity, t.subject) })).sort(byTeacher);
  members.forEach((m, i) => {
    if (i > 0 && members[i - 1]?.teacherId === m.teacherId) throw new RangeError(`teacher ${m.teacherId} is listed twice`);
  });

  let drafts = groupBy(members, (m) => `${m.schoolPath}\u0000${m.groupSubject}`).flatMap(([, teachingGroup]) => splitLarge(teachingGroup, p));
  if (p.mergeScope !== 'school') drafts = mergeAcrossSchools(drafts, p, p.mergeScope);
  drafts = mergeWithinSchools(drafts, p, input.affinity);

  const groups = drafts
    .map((d) => [...d].sort(byTeacher))
    .sort((a, b) => compareText(keyOf(a), keyOf(b)))
    .map((d) => {
      const leader = d.find((m) => m.leaderCandidate) ?? d[0];
      if (!leader) throw new Error('formation produced an empty group');
      return {
        ...shapeOf({ stage: input.stage, parameters: p, affinity: input.affinity }, d),
        memberIds: d.map((m) => m.teacherId),
        leaderId: leader.teacherId,
        leaderIsCandidate: leader.leaderCandidate,
      };
    });
  const names = nameGroups(groups, { stage: input.stage, mergeScope: p.mergeScope, orgNames: input.orgNames });
  return groups.map((g, i) => ({ name: names[i] as string, ...g }));
}

/** A teaching group above the maximum, cut into parts along its grade preparation groups. */
function splitLarge(teachingGroup: Member[], p: FormationParameters): Draft[] {
  if (teachingGroup.length <= p.groupSizeMax) return [teachingGroup];
  // Known grade groups first, in order, each kept together; members without one fill in after.
  const ordered = [...teachingGroup].sort((a, b) => {
    if (a.gradeGroup !== b.gradeGroup) {
      if (a.gradeGroup === null) return 1;
      if (b.gradeGroup === null) return -1;
      return compareText(a.gradeGroup, b.gradeGroup);
    }
    return byTeacher(a, b);
  });
  const plan = planParts(ordered.length, { min: p.groupSizeMin, max: p.groupSizeMax, target: p.groupSizeTarget });
  return partition(ordered, plan, { blockOf: (m) => m.gradeGroup, isCandidate: (m) => m.leaderCandidate, target: p.groupSizeTarget });
}

/** Small groups pooled into parts of at least `mergeBelow`, keeping blocks (a school's or a subject's members) together where possible. */
function pool(small: Draft[], p: FormationParameters, order: (m: Member) => string): Draft[] {
  const members = small.flat().sort((a, b) => compareText(order(a), order(b)) || byTeacher(a, b));
  const plan = planParts(members.length, { min: p.mergeBelow, max: p.groupSizeMax, target: p.groupSizeTarget });
  return partition(members, plan, { blockOf: order, isCandidate: (m) => m.leaderCandidate, target: p.groupSizeTarget });
}

/**
 * Merges each undersized group, smallest first, into the partner with room that `partnerOf`
 * allows, preferring partners that are not undersized themselves, then the smallest; repeats
 * until no undersized group has a partner with room.
 */
function absorb(drafts: Draft[], p: FormationParameters, partnerOf: (small: Draft, other: Draft) => boolean): Draft[] {
  const groups = [...drafts];
  for (;;) {
    groups.sort((a, b) => a.length - b.length || compareText(keyOf(a), keyOf(b)));
    let merged = false;
    for (const small of groups.filter((d) => d.length < p.mergeBelow)) {
      const partner = groups
        .filter((other) => other !== small && other.length + small.length <= p.groupSizeMax && partnerOf(small, other))
        .sort((a, b) => Number(a.length < p.mergeBelow) - Number(b.length < p.mergeBelow) || a.length - b.length || compareText(keyOf(a), keyOf(b)))[0];
      if (!partner) continue;
      partner.push(...small);
      groups.splice(groups.indexOf(small), 1);
      merged = true;
      break;
    }
    if (!merged) return groups;
  }
}

/**
 * Undersized single-subject groups of a county or city are pooled across its schools by subject,
 * nearby schools (adjacent paths) together; when the pool is still too small, each joins a
 * same-subject group of another school that has room. Leftovers try their own school next.
 */
function mergeAcrossSchools(drafts: Draft[], p: FormationParameters, scope: TutorTeamScope): Draft[] {
  const regionSubject = (d: Draft) => `${regionOf((d[0] as Member).schoolPath, scope)}\u0000${subjectsOf(d).join('/')}`;
  return groupBy(drafts, regionSubject).flatMap(([, sameSubject]) => {
    const small = sameSubject.filter((d) => d.length < p.mergeBelow);
    const rest = sameSubject.filter((d) => d.length >= p.mergeBelow);
    const total = small.reduce((n, d) => n + d.length, 0);
    if (total >= p.mergeBelow) return [...rest, ...pool(small, p, (m) => m.schoolPath)];
    return absorb([...rest, ...small], p, (_small, other) => other.length >= p.mergeBelow);
  });
}

/** Undersized groups merge with groups of similar subjects (相近学科) in their own school. */
function mergeWithinSchools(drafts: Draft[], p: FormationParameters, affinity: SubjectAffinity): Draft[] {
  const familiesOf = (d: Draft) => distinct(subjectsOf(d).map((s) => familyOf(affinity, s)));
  const sameFamily = (a: Draft, b: Draft) => {
    const fa = familiesOf(a);
    return fa.length === 1 && familiesOf(b).every((f) => f === fa[0]);
  };
  const school = (d: Draft) => {
    const schools = schoolsOf(d);
    return schools.length === 1 ? (schools[0] as string) : `\u0000${keyOf(d)}`;
  };
  return groupBy(drafts, school).flatMap(([, ofSchool]) => {
    const small = ofSchool.filter((d) => d.length < p.mergeBelow && schoolsOf(d).length === 1);
    const pooled = groupBy(small, (d) => familiesOf(d).join('|')).flatMap(([, family]) => {
      const total = family.reduce((n, d) => n + d.length, 0);
      return total >= p.mergeBelow ? pool(family, p, (m) => m.groupSubject) : family;
    });
    return absorb([...ofSchool.filter((d) => !small.includes(d)), ...pooled], p, sameFamily);
  });
}
