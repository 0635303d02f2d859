import { studyGroup as contract } from '@yanxiu/contracts';
import { roles } from '../enrollment/enrollment.mapper.js';
import { nameIn } from '../training-projects/training-project.mapper.js';
import type { StudyGroupView, TutorTeamView } from './study-groups.dto.js';

const leaderSources = {
  enrolled: contract.LeaderSource.LEADER_SOURCE_ENROLLED,
  provisional: contract.LeaderSource.LEADER_SOURCE_PROVISIONAL,
  appointed: contract.LeaderSource.LEADER_SOURCE_APPOINTED,
} as const;

export function studyGroupView(g: contract.StudyGroup | undefined): StudyGroupView {
  if (!g) throw new Error('service answered without a study group');
  return {
    ...g,
    leaderSource: nameIn(leaderSources, g.leaderSource),
    tutorTeacherId: g.tutorTeacherId || null,
    members: g.members.map((m) => ({ ...m, role: nameIn(roles, m.role) })),
  };
}

export const tutorTeamView = (t: contract.TutorTeamReport): TutorTeamView => ({ ...t, headTeacherId: t.headTeacherId || null });
