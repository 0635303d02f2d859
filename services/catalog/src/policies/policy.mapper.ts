import { catalogPolicy } from '@yanxiu/contracts';
import { CatalogError } from '../catalog.error.js';
import { levelFromProto, levelToProto, stageFromProto, stageToProto } from '../contract-enums.js';
import type { PolicyRecord } from './policy.repository.js';
import type { PolicyRulesInput } from './resolve-policy.js';
import type { HourRule, OfferedCourse, PackageRule, SelectionPolicy } from './selection-policy.js';

const M = catalogPolicy.HourMode;
const ids = (courses: readonly OfferedCourse[]) => courses.map((c) => c.courseId);

function hourRuleFromProto(rule: catalogPolicy.HourRule | undefined | null, where: string): HourRule {
  if (rule?.mode === M.HOUR_MODE_EXACT) return { mode: 'exact', hours: rule.hours };
  if (rule?.mode === M.HOUR_MODE_MINIMUM) return { mode: 'minimum', hours: rule.hours };
  throw new CatalogError('invalid_argument', `${where}: hours.mode must be exact or minimum`);
}

/** Proto rules (ids only) → what the use case resolves against the catalog. */
export function policyRulesFromProto(rules: catalogPolicy.PolicyRules | undefined | null): PolicyRulesInput {
  if (!rules) throw new CatalogError('invalid_argument', 'rules are required');
  const electives = rules.electives;
  return {
    packages: rules.packages.map((p) => ({
      code: p.code,
      name: p.name,
      chapters: p.chapters.map((ch) => ({
        chapterId: ch.chapterId,
        hours: hourRuleFromProto(ch.hours, `package ${p.code} chapter ${ch.chapterId}`),
        courseIds: ch.courseIds,
        requiredCourseIds: ch.requiredCourseIds,
        chooseSets: ch.chooseSets.map((s) => ({ courseIds: s.courseIds, choose: s.choose })),
      })),
    })),
    electives: electives
      ? {
          topics: electives.topics.map((t) => ({ topicId: t.topicId, courseIds: t.courseIds })),
          groups: electives.groups.map((g) => ({ name: g.name, topicIds: g.topicIds, minimumHours: g.minimumHours })),
          schoolChooses: electives.schoolMaxTopics > 0 ? { minTopics: electives.schoolMinTopics, maxTopics: electives.schoolMaxTopics } : null,
        }
      : null,
    pushed: rules.pushed.map((r, i) => {
      const stage = stageFromProto(r.stage);
      if (!stage) throw new CatalogError('invalid_argument', `pushed[${i}].stage is required`);
      return { stage, subject: r.subject.trim() || null, level: levelFromProto(r.level), courseIds: r.courseIds };
    }),
  };
}

export function packageToProto(p: PackageRule): catalogPolicy.PackageRule {
  return {
    code: p.code,
    name: p.name,
    chapters: p.chapters.map((ch) => ({
      chapterId: ch.chapterId,
      name: ch.name,
      hours: { mode: ch.hours.mode === 'exact' ? M.HOUR_MODE_EXACT : M.HOUR_MODE_MINIMUM, hours: ch.hours.hours },
      courseIds: ids(ch.courses),
      requiredCourseIds: ch.requiredCourseIds,
      chooseSets: ch.chooseSets,
    })),
  };
}

function rulesToProto(policy: SelectionPolicy): catalogPolicy.PolicyRules {
  const e = policy.electives;
  return {
    packages: policy.packages.map(packageToProto),
    electives: e
      ? {
          topics: e.topics.map((t) => ({ topicId: t.topicId, name: t.name, courseIds: ids(t.courses) })),
          groups: e.groups,
          schoolMinTopics: e.schoolChooses?.minTopics ?? 0,
          schoolMaxTopics: e.schoolChooses?.maxTopics ?? 0,
        }
      : undefined,
    pushed: policy.pushed.map((r) => ({ stage: stageToProto(r.stage), subject: r.subject ?? '', level: levelToProto(r.level), courseIds: ids(r.courses) })),
  };
}

/** Every course the policy names, once. */
export function policyCourses(policy: SelectionPolicy): OfferedCourse[] {
  const all = [...policy.packages.flatMap((p) => p.chapters.flatMap((ch) => ch.courses)), ...(policy.electives?.topics.flatMap((t) => t.courses) ?? []), ...policy.pushed.flatMap((r) => r.courses)];
  return [...new Map(all.map((c) => [c.courseId, c])).values()];
}

export function policyToProto(p: PolicyRecord): catalogPolicy.SelectionPolicy {
  return { projectId: p.projectId, rules: rulesToProto(p.policy), courses: policyCourses(p.policy), revision: p.revision, savedAt: p.savedAt.toISOString(), savedBy: p.savedBy };
}
