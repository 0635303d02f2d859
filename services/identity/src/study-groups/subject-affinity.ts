import type { Stage } from '../teachers/teacher.repository.js';

/** The subject of a high-school 综合学科组, and the team subject of any group mixing subjects. */
export const COMPREHENSIVE_SUBJECT = '综合';

/**
 * Which subjects go together when groups form. Passed to formation as data: the lists follow the
 * subject names of the plans (seeds 000, 003), which change between years.
 */
export interface SubjectAffinity {
  /**
   * Subjects whose teachers always form the school's 综合 group, whatever their number (2024 高中:
   * 信息技术、综合实践、通用技术三个学科教师与其他教辅人员混合编组). Empty where a stage has no 综合
   * group (2024 小学: 不单独设置"综合学科").
   */
  comprehensive: readonly string[];
  /** Similar subjects (相近学科): a school merges its small groups within one family. */
  families: readonly (readonly string[])[];
}

const FAMILIES: readonly (readonly string[])[] = [
  ['语文', '英语'],
  ['数学', '物理', '化学', '生物', '科学'],
  ['政治', '思想政治', '道德与法治', '思想品德', '品德与生活（社会）', '品德与生活', '品德与社会', '历史', '地理'],
  ['音乐', '美术', '体育', '体育与健康'],
  [COMPREHENSIVE_SUBJECT, '信息技术', '通用技术', '综合实践活动', '心理健康教育'],
];

/** The affinities the 2024 plans describe, per stage. 教辅人员 enroll under 综合 (2024: 以综合学科报名). */
export const DEFAULT_SUBJECT_AFFINITY: Record<Stage, SubjectAffinity> = {
  high: { comprehensive: [COMPREHENSIVE_SUBJECT, '信息技术', '通用技术', '综合实践活动'], families: FAMILIES },
  middle: { comprehensive: [], families: FAMILIES },
  primary: { comprehensive: [], families: FAMILIES },
  kindergarten: { comprehensive: [], families: [] },
};

/** The subject a member groups under: 综合 for the stage's comprehensive subjects, nothing for kindergartens. */
export function groupingSubject(stage: Stage, affinity: SubjectAffinity, subject: string): string {
  if (stage === 'kindergarten') return '';
  return affinity.comprehensive.includes(subject) ? COMPREHENSIVE_SUBJECT : subject;
}

/** A subject's family; a subject in no family is a family of its own. */
export function familyOf(affinity: SubjectAffinity, subject: string): string {
  const family = affinity.families.find((f) => f.includes(subject));
  return family ? family.join('/') : subject;
}
