import type { Stage } from '../teachers/teacher.repository.js';

export type PhaseKind = 'concentrated' | 'dispersed';
export type GroupingScope = 'school' | 'county' | 'city';
export type TutorTeamScope = Exclude<GroupingScope, 'school'>;

/** Calendar dates `YYYY-MM-DD`, both inclusive, in the province's time zone (Asia/Shanghai). */
export interface DateWindow {
  start: string;
  end: string;
}

export interface ProjectPhase {
  name: string;
  kind: PhaseKind;
  hours: number;
  dates: DateWindow;
}

export interface ProjectWindows {
  /** 报名: the cascade city → county → school → submit → check. */
  enrollment: DateWindow;
  /** 编组: study groups, leaders, tutors. */
  grouping: DateWindow;
  /** 信息确认: participants confirm, admins fix errors. */
  confirmation: DateWindow;
  /** 选课: school packages and teachers' topics. */
  courseSelection: DateWindow;
  study: DateWindow;
  /** 学时登记截止, inclusive. */
  creditRegistrationDeadline: string;
}

/** What study-group formation and tutor allocation read; they differ from year to year (seeds 003). */
export interface GroupingParameters {
  groupSizeTarget: number;
  /** The smallest group a split of a large teaching group may produce. */
  groupSizeMin: number;
  groupSizeMax: number;
  /** A subject group with fewer members than this is merged. */
  mergeBelow: number;
  /** Within the school (similar subjects) or across the schools of a county or city (same subject). */
  mergeScope: GroupingScope;
  traineesPerTutor: number;
  groupsPerTutor: number;
  /** Tutor teams per city (high school in the seeds) or per county; that admin appoints tutors. */
  tutorTeamScope: TutorTeamScope;
}

/** Everything the province admin writes about a project. */
export interface TrainingProjectSpec {
  year: number;
  stage: Stage;
  name: string;
  theme: string;
  requiredHours: number;
  phases: ProjectPhase[];
  /** Empty for kindergartens (幼儿园不分学科). */
  subjects: string[];
  windows: ProjectWindows;
  grouping: GroupingParameters;
}

export interface TrainingProjectRecord extends TrainingProjectSpec {
  id: string;
  /** The province running it; its subtree is who sees it. */
  ownerOrgId: string;
  ownerOrgPath: string;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}
