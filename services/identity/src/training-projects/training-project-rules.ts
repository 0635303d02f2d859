import { isValidDate } from './project-calendar.js';
import { STAGE_SUBJECT_VOCABULARY } from './stage-subjects.js';
import type { DateWindow, ProjectWindows, TrainingProjectSpec } from './training-project.js';

const WINDOW_NAMES = ['enrollment', 'grouping', 'confirmation', 'courseSelection', 'study'] as const satisfies readonly (keyof ProjectWindows)[];
type WindowName = (typeof WINDOW_NAMES)[number];
/** Preparation windows: all of them close before study starts (研修开始之后，不再开放报名信息的更改功能). */
const PREPARATION_WINDOWS = ['enrollment', 'grouping', 'confirmation', 'courseSelection'] as const;

const isCount = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

function windowProblems(field: string, window: DateWindow | undefined): string[] {
  if (!window) return [`${field} is required`];
  const problems = [];
  if (!isValidDate(window.start)) problems.push(`${field}.start must be a date YYYY-MM-DD, got "${window.start}"`);
  if (!isValidDate(window.end)) problems.push(`${field}.end must be a date YYYY-MM-DD, got "${window.end}"`);
  if (problems.length === 0 && window.start > window.end) problems.push(`${field} starts (${window.start}) after it ends (${window.end})`);
  return problems;
}

function windowsProblems(year: number, w: ProjectWindows): string[] {
  const problems = WINDOW_NAMES.flatMap((name) => windowProblems(`windows.${name}`, w[name]));
  if (!isValidDate(w.creditRegistrationDeadline)) problems.push(`windows.creditRegistrationDeadline must be a date YYYY-MM-DD, got "${w.creditRegistrationDeadline}"`);
  // Order only makes sense between well-formed windows.
  if (problems.length > 0) return problems;

  const notBefore = (later: WindowName, earlier: WindowName) => {
    const a = w[later];
    const b = w[earlier];
    if (a.start < b.start) problems.push(`windows.${later} must not start (${a.start}) before windows.${earlier} starts (${b.start})`);
  };
  notBefore('grouping', 'enrollment');
  notBefore('confirmation', 'grouping');
  notBefore('courseSelection', 'enrollment');
  for (const name of PREPARATION_WINDOWS) {
    if (w[name].end >= w.study.start) problems.push(`windows.${name} must end (${w[name].end}) before study starts (${w.study.start}): enrollment data is frozen from then on`);
  }
  if (w.creditRegistrationDeadline < w.study.end) {
    problems.push(`windows.creditRegistrationDeadline (${w.creditRegistrationDeadline}) must not be before study ends (${w.study.end})`);
  }
  if (!w.study.start.startsWith(`${year}-`)) problems.push(`windows.study must start in the project's year ${year}, not on ${w.study.start}`);
  return problems;
}

function phasesProblems(spec: TrainingProjectSpec): string[] {
  if (spec.phases.length === 0) return ['phases: at least one phase is required (e.g. 集中研修 36 h)'];
  const problems: string[] = [];
  spec.phases.forEach((phase, i) => {
    const field = `phases[${i}]`;
    if (!phase.name.trim() || phase.name.length > 50) problems.push(`${field}.name must be 1–50 characters`);
    if (!isCount(phase.hours, 1, 360)) problems.push(`${field}.hours must be a whole number 1–360, got ${phase.hours}`);
    const dates = windowProblems(`${field}.dates`, phase.dates);
    problems.push(...dates);
    if (dates.length === 0 && windowProblems('study', spec.windows?.study).length === 0) {
      const study = spec.windows.study;
      if (phase.dates.start < study.start || phase.dates.end > study.end) {
        problems.push(`${field} (${phase.dates.start} – ${phase.dates.end}) must lie within the study window (${study.start} – ${study.end})`);
      }
      const previous = spec.phases[i - 1];
      if (previous && phase.dates.start <= previous.dates.end) {
        problems.push(`${field} must start (${phase.dates.start}) after phases[${i - 1}] ends (${previous.dates.end}): phases follow each other`);
      }
    }
  });
  const total = spec.phases.reduce((sum, p) => sum + p.hours, 0);
  if (total !== spec.requiredHours) {
    problems.push(`phases' hours add up to ${total} (${spec.phases.map((p) => p.hours).join(' + ')}), not the required ${spec.requiredHours}`);
  }
  return problems;
}

function subjectsProblems(spec: TrainingProjectSpec): string[] {
  if (spec.stage === 'kindergarten') {
    return spec.subjects.length > 0 ? [`subjects: kindergarten projects have none (幼儿园不分学科), got ${spec.subjects.join('、')}`] : [];
  }
  if (spec.subjects.length === 0) return [`subjects: a ${spec.stage} project offers at least one subject`];
  const problems: string[] = [];
  const vocabulary = STAGE_SUBJECT_VOCABULARY[spec.stage];
  const seen = new Set<string>();
  for (const subject of spec.subjects) {
    if (seen.has(subject)) problems.push(`subjects: ${subject} is listed twice`);
    seen.add(subject);
    if (!vocabulary.includes(subject)) problems.push(`subjects: ${subject} is not a ${spec.stage} subject (known: ${vocabulary.join('、')})`);
  }
  return problems;
}

function groupingProblems(spec: TrainingProjectSpec): string[] {
  const g = spec.grouping;
  if (!g) return ['grouping is required'];
  const problems: string[] = [];
  for (const key of ['groupSizeTarget', 'groupSizeMin', 'groupSizeMax', 'mergeBelow', 'groupsPerTutor'] as const) {
    if (!isCount(g[key], 1, 100)) problems.push(`grouping.${key} must be a whole number 1–100, got ${g[key]}`);
  }
  if (!isCount(g.traineesPerTutor, 1, 1000)) problems.push(`grouping.traineesPerTutor must be a whole number 1–1000, got ${g.traineesPerTutor}`);
  if (problems.length > 0) return problems;
  if (!(g.mergeBelow <= g.groupSizeMin && g.groupSizeMin <= g.groupSizeTarget && g.groupSizeTarget <= g.groupSizeMax)) {
    problems.push(
      `grouping sizes must satisfy mergeBelow ≤ groupSizeMin ≤ groupSizeTarget ≤ groupSizeMax, got ${g.mergeBelow} ≤ ${g.groupSizeMin} ≤ ${g.groupSizeTarget} ≤ ${g.groupSizeMax}`,
    );
  }
  return problems;
}

/** Every problem of a project spec, each naming the field and the reason; empty when it is valid. */
export function specProblems(spec: TrainingProjectSpec): string[] {
  const problems: string[] = [];
  if (!isCount(spec.year, 2000, 2100)) problems.push(`year must be between 2000 and 2100, got ${spec.year}`);
  if (!spec.name.trim() || spec.name.length > 100) problems.push('name must be 1–100 characters');
  if (!spec.theme.trim() || spec.theme.length > 200) problems.push('theme must be 1–200 characters');
  if (!isCount(spec.requiredHours, 1, 360)) problems.push(`requiredHours must be a whole number 1–360, got ${spec.requiredHours}`);
  problems.push(...subjectsProblems(spec));
  problems.push(...(spec.windows ? windowsProblems(spec.year, spec.windows) : ['windows are required']));
  if (spec.windows) problems.push(...phasesProblems(spec));
  problems.push(...groupingProblems(spec));
  return problems;
}

/** What may not change in an update, given the project as stored and today's date in the province. */
export function updateProblems(current: TrainingProjectSpec, next: TrainingProjectSpec, today: string): string[] {
  const problems: string[] = [];
  if (next.year !== current.year) problems.push(`year cannot change (${current.year}); create a new project instead`);
  if (next.stage !== current.stage) problems.push(`stage cannot change (${current.stage}); create a new project instead`);
  if (today >= current.windows.study.start) {
    // Study has started: enrollment, groups and selections are frozen on this spec. Only the end of
    // study and the credit deadline may still move (e.g. extending 分散研修).
    const frozenPart = (s: TrainingProjectSpec) => {
      const w = s.windows;
      const g = s.grouping;
      // Explicit order: the stored and the requested spec are built by different code.
      return JSON.stringify([
        [s.name, s.theme, s.requiredHours, s.subjects],
        s.phases.map((p) => [p.name, p.kind, p.hours, p.dates.start, p.dates.end]),
        PREPARATION_WINDOWS.map((name) => [w[name].start, w[name].end]),
        w.study.start,
        [g.groupSizeTarget, g.groupSizeMin, g.groupSizeMax, g.mergeBelow, g.mergeScope, g.traineesPerTutor, g.groupsPerTutor, g.tutorTeamScope],
      ]);
    };
    if (frozenPart(next) !== frozenPart(current)) {
      problems.push(`study started on ${current.windows.study.start}: only windows.study.end and windows.creditRegistrationDeadline may change now`);
    }
  }
  return problems;
}
