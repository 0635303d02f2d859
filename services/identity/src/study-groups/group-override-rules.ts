import type { Principal } from '@yanxiu/auth';
import { adminOver, type Refusal } from '../enrollment/enrollment-rules.js';
import type { Stage } from '../teachers/teacher.repository.js';
import { describeWindow, isWithin } from '../training-projects/project-calendar.js';
import type { GroupingParameters, ProjectWindows, TutorTeamScope } from '../training-projects/training-project.js';
import { shapeOf, type GroupingRules, type MemberFacts } from './group-formation.js';
import { regionOf } from './region.js';
import { familyOf, groupingSubject, type SubjectAffinity } from './subject-affinity.js';

/** Why a grouping write is refused; the codes are IdentityError codes. */
export interface GroupingRefusal {
  code: Refusal['code'] | 'grouping_window_closed' | 'grouping_rule_violated';
  message: string;
}

/**
 * Who forms and corrects the groups of a region, and when: the admin of the project's tutor team
 * scope or above (高中由市教育行政部门负责, 初中、小学、幼儿园由县区负责), inside the grouping window
 * (编组), never once study has started.
 */
export function decideGroupingWrite(
  principal: Pick<Principal, 'roles' | 'orgPath'>,
  project: { windows: ProjectWindows; grouping: Pick<GroupingParameters, 'tutorTeamScope'> },
  regionPath: string,
  today: string,
): GroupingRefusal | null {
  const scope = project.grouping.tutorTeamScope;
  const refusal = adminOver(principal, scope === 'city' ? 'city-admin' : 'county-admin', regionPath, `grouping the ${scope} ${regionPath}`);
  if (refusal) return refusal;
  const { grouping, study } = project.windows;
  if (today >= study.start) return { code: 'grouping_window_closed', message: `study started on ${study.start}: groups, leaders and tutors are frozen` };
  if (!isWithin(grouping, today)) return { code: 'grouping_window_closed', message: `groups are formed and corrected in the grouping window (${describeWindow(grouping)}); today is ${today}` };
  return null;
}

/** Formation runs per region of the tutor teams; a merge scope wider than that region would leave groups without a team. */
export function groupingRegionProblem(parameters: Pick<GroupingParameters, 'mergeScope' | 'tutorTeamScope'>, orgLevel: string): string | null {
  if (parameters.mergeScope === 'city' && parameters.tutorTeamScope === 'county') {
    return 'this project merges groups across a city but appoints tutors per county: a group across counties would belong to no tutor team; fix the project\'s grouping parameters';
  }
  if (orgLevel !== parameters.tutorTeamScope) return `this project's groups are formed per ${parameters.tutorTeamScope} (its tutor teams' scope), not per ${orgLevel}`;
  return null;
}

/**
 * Why a group of these members breaks the formation rules, or null: never above the maximum;
 * across schools only inside the merge scope and with one subject; mixed subjects only within a
 * school and among similar subjects.
 */
export function compositionProblem(rules: GroupingRules, name: string, members: readonly MemberFacts[]): string | null {
  if (members.length === 0) return `${name} would have no members`;
  const p = rules.parameters;
  if (members.length > p.groupSizeMax) return `${name} would have ${members.length} members; this project's groups have at most ${p.groupSizeMax}`;
  const shape = shapeOf(rules, members);
  if (shape.schoolPaths.length > 1) {
    if (p.mergeScope === 'school') return `${name} would span schools (${shape.schoolPaths.join(', ')}); this project's groups stay within one school (不跨校编组)`;
    const scope = p.mergeScope;
    if (new Set(shape.schoolPaths.map((s) => regionOf(s, scope))).size > 1) return `${name} would span ${scope === 'city' ? 'cities' : 'counties'}; groups merge across schools within one ${scope}`;
    if (shape.subjects.length > 1) return `${name} would span schools with subjects ${shape.subjects.join('、')}; groups across schools have one subject (同一学科组合并编组)`;
  }
  if (new Set(shape.subjects.map((s) => familyOf(rules.affinity, s))).size > 1) {
    return `${name} would mix ${shape.subjects.join('、')}, which are not similar subjects (相近学科)`;
  }
  return null;
}

/** Why this tutor cannot serve this group, or null: same region and subject team, and room under the groups-per-tutor ratio. */
export function tutorProblem(
  rules: { stage: Stage; affinity: SubjectAffinity; scope: TutorTeamScope; groupsPerTutor: number },
  group: { name: string; regionPath: string; subject: string },
  tutor: { teacherId: string; orgPath: string; subject: string; otherGroups: number },
): string | null {
  const region = regionOf(tutor.orgPath, rules.scope);
  if (region !== group.regionPath) return `tutor ${tutor.teacherId} belongs to the tutor teams of ${region}, not of ${group.regionPath} where ${group.name} is`;
  const subject = groupingSubject(rules.stage, rules.affinity, tutor.subject);
  if (subject !== group.subject) return `tutor ${tutor.teacherId} is in the ${subject || '幼儿园'} team; ${group.name} belongs to the ${group.subject || '幼儿园'} team`;
  if (tutor.otherGroups >= rules.groupsPerTutor) return `tutor ${tutor.teacherId} already serves ${tutor.otherGroups} groups; this project gives a tutor at most ${rules.groupsPerTutor}`;
  return null;
}
