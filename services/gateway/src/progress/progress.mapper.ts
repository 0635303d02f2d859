import { progressEntities, type progress } from '@yanxiu/contracts';
import type { CourseProgressView, CreditView, DutyConfirmationResultView, GroupProgressView, MyProjectProgressView, QuizView } from './progress.dto.js';

const sources: Record<number, string> = {
  [progressEntities.CreditSource.CREDIT_SOURCE_PROJECT]: 'project',
  [progressEntities.CreditSource.CREDIT_SOURCE_SCHOOL_BASED]: 'school_based',
};

const orNull = (iso: string) => (iso === '' ? null : iso);

export function creditView(c: progressEntities.CreditRecord | undefined): CreditView {
  if (!c) throw new Error('service answered without a credit');
  return { ...c, source: sources[c.source] ?? 'unspecified' };
}

export function myProgressView(p: progress.GetMyProjectProgressResponse): MyProjectProgressView {
  return {
    ...p,
    courses: p.courses.map((c): CourseProgressView => ({ ...c, completedAt: orNull(c.completedAt) })),
    qualifiedAt: orNull(p.qualifiedAt),
    credit: p.credit ? creditView(p.credit) : null,
  };
}

export function quizView(q: progressEntities.Quiz | undefined): QuizView {
  if (!q) throw new Error('service answered without a quiz');
  return q;
}

export function groupProgressView(g: progress.GroupProgress | undefined): GroupProgressView {
  if (!g) throw new Error('service answered without a group');
  return { ...g, tutorTeacherId: g.tutorTeacherId || null };
}

export function dutyConfirmationView(r: progress.ConfirmRoleDutyResponse): DutyConfirmationResultView {
  if (!r.confirmation) throw new Error('service answered without a confirmation');
  return { confirmation: r.confirmation, created: r.created };
}
