import type { GroupingParameters } from '../training-projects/training-project.js';

export type TutorRatios = Pick<GroupingParameters, 'groupsPerTutor' | 'traineesPerTutor'>;

/** A study group as allocation needs it. */
export interface GroupToServe {
  groupId: string;
  /** The county or city of its tutor team (高中以市为单位, 其他学段以县区为单位). */
  region: string;
  /** The team subject: the group's subject, 综合 for mixed groups, empty for kindergartens. */
  subject: string;
  size: number;
}

/** An enrolled tutor (指导教师), of the team of their region and subject. */
export interface AvailableTutor {
  teacherId: string;
  region: string;
  subject: string;
}

/** 学科指导教师组: the tutors of one subject in one region, with its head (组长). */
export interface TutorTeam {
  region: string;
  subject: string;
  /** Null only for a team that has groups but no tutor at all. */
  headId: string | null;
  tutorIds: string[];
  groups: number;
  trainees: number;
  /** Tutors the ratios ask for: enough for every `groupsPerTutor` groups and every `traineesPerTutor` trainees. */
  required: number;
}

/** A team with fewer tutors than its ratios ask for, and the groups left without one. */
export interface TutorShortfall {
  region: string;
  subject: string;
  groups: number;
  trainees: number;
  tutors: number;
  required: number;
  missing: number;
  unassignedGroupIds: string[];
}

export interface TutorAllocation {
  /** Each group's one tutor (每位指导教师与其所负责的研修组一一对应): a group never has two. */
  tutorOf: Map<string, string>;
  teams: TutorTeam[];
  shortfalls: TutorShortfall[];
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The key of a tutor team: its region and subject. */
export const teamKeyOf = (x: { region: string; subject: string }) => `${x.region}\u0000${x.subject}`;

/** How many tutors a team of this many groups and trainees needs by the project's ratios. */
export function requiredTutors(groups: number, trainees: number, ratios: TutorRatios): number {
  if (groups === 0) return 0;
  return Math.max(Math.ceil(groups / ratios.groupsPerTutor), Math.ceil(trainees / ratios.traineesPerTutor));
}

/**
 * 配备指导教师: every group gets exactly one tutor of its own team (its region and subject), no
 * tutor serving more than `groupsPerTutor` groups; groups go largest first to the tutor with the
 * fewest trainees so far, so the load is even. A team short of tutors leaves the groups no tutor
 * has room for unassigned and shows up in the shortfall report with how many tutors it misses;
 * the first tutor of each team (by id) is its provisional head until the admin names another.
 */
export function allocateTutors(groups: readonly GroupToServe[], tutors: readonly AvailableTutor[], ratios: TutorRatios): TutorAllocation {
  const teamsByKey = new Map<string, { region: string; subject: string; groups: GroupToServe[]; tutors: string[] }>();
  const teamOf = (x: { region: string; subject: string }) => {
    const key = teamKeyOf(x);
    let team = teamsByKey.get(key);
    if (!team) {
      team = { region: x.region, subject: x.subject, groups: [], tutors: [] };
      teamsByKey.set(key, team);
    }
    return team;
  };
  for (const g of groups) teamOf(g).groups.push(g);
  for (const t of tutors) teamOf(t).tutors.push(t.teacherId);

  const tutorOf = new Map<string, string>();
  const teams: TutorTeam[] = [];
  const shortfalls: TutorShortfall[] = [];
  for (const [, team] of [...teamsByKey.entries()].sort(([a], [b]) => compareText(a, b))) {
    const tutorIds = [...new Set(team.tutors)].sort(compareText);
    const load = tutorIds.map((id) => ({ id, groups: 0, trainees: 0 }));
    const unassigned: string[] = [];
    const ordered = [...team.groups].sort((a, b) => b.size - a.size || compareText(a.groupId, b.groupId));
    for (const group of ordered) {
      const tutor = load
        .filter((l) => l.groups < ratios.groupsPerTutor)
        .sort((a, b) => a.trainees - b.trainees || a.groups - b.groups || compareText(a.id, b.id))[0];
      if (!tutor) {
        unassigned.push(group.groupId);
        continue;
      }
      tutor.groups += 1;
      tutor.trainees += group.size;
      tutorOf.set(group.groupId, tutor.id);
    }
    const trainees = team.groups.reduce((n, g) => n + g.size, 0);
    const required = requiredTutors(team.groups.length, trainees, ratios);
    teams.push({ region: team.region, subject: team.subject, headId: tutorIds[0] ?? null, tutorIds, groups: team.groups.length, trainees, required });
    if (tutorIds.length < required) {
      shortfalls.push({
        region: team.region,
        subject: team.subject,
        groups: team.groups.length,
        trainees,
        tutors: tutorIds.length,
        required,
        missing: required - tutorIds.length,
        unassignedGroupIds: unassigned.sort(compareText),
      });
    }
  }
  return { tutorOf, teams, shortfalls };
}

/** A team's standing as stored: its groups (with their tutor, if any) against its enrolled tutors. */
export interface TeamStanding {
  region: string;
  subject: string;
  headId: string | null;
  tutors: number;
  groups: number;
  trainees: number;
  required: number;
  missing: number;
  groupsWithoutTutor: number;
}

/**
 * The shortfall report of stored groups and enrolled tutors per team, whether or not the tutors were
 * allocated automatically. A stored head counts only while they are still one of the team's tutors.
 */
export function teamStandings(
  groups: readonly (GroupToServe & { tutorId: string | null })[],
  tutors: readonly AvailableTutor[],
  heads: ReadonlyMap<string, string>,
  ratios: TutorRatios,
): TeamStanding[] {
  const teams = new Map<string, { region: string; subject: string; groups: typeof groups[number][]; tutors: Set<string> }>();
  const teamOf = (x: { region: string; subject: string }) => {
    const key = teamKeyOf(x);
    const team = teams.get(key) ?? { region: x.region, subject: x.subject, groups: [], tutors: new Set<string>() };
    teams.set(key, team);
    return team;
  };
  for (const g of groups) teamOf(g).groups.push(g);
  for (const t of tutors) teamOf(t).tutors.add(t.teacherId);
  return [...teams.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, team]) => {
      const trainees = team.groups.reduce((n, g) => n + g.size, 0);
      const required = requiredTutors(team.groups.length, trainees, ratios);
      const stored = heads.get(key);
      return {
        region: team.region,
        subject: team.subject,
        headId: stored !== undefined && team.tutors.has(stored) ? stored : ([...team.tutors].sort(compareText)[0] ?? null),
        tutors: team.tutors.size,
        groups: team.groups.length,
        trainees,
        required,
        missing: Math.max(0, required - team.tutors.size),
        groupsWithoutTutor: team.groups.filter((g) => g.tutorId === null).length,
      };
    });
}
