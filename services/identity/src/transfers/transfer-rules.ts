import { adminLevel, isWithinJurisdiction, type AdminRole, type Principal } from '@yanxiu/auth';
import type { EnrollmentStatus } from '../enrollment/enrollment.js';
import type { TeacherStatus } from '../teachers/teacher.repository.js';
import { isWithin } from '../training-projects/project-calendar.js';
import type { ProjectWindows } from '../training-projects/training-project.js';

export type TransferKind = 'from_departed_pool' | 'within_county' | 'within_city' | 'across_cities';
export const TRANSFER_KINDS: readonly TransferKind[] = ['from_departed_pool', 'within_county', 'within_city', 'across_cities'];

export type TransferDecision =
  | { allowed: true; kind: TransferKind }
  | { allowed: false; reason: 'not_transferable' | 'same_unit' | 'not_allowed'; message: string };

/** Depth of each admin role's node in /province/city/county/unit. */
const ROLE_DEPTH: Record<AdminRole, number> = { 'province-admin': 1, 'city-admin': 2, 'county-admin': 3, 'school-admin': 4 };

/** The lowest admin an in-service move needs (seed 2018 附件2: 跨校由县区、跨县由市级、跨市由省级管理员操作). */
const REQUIRED_ROLE: Record<Exclude<TransferKind, 'from_departed_pool'>, AdminRole> = {
  within_county: 'county-admin',
  within_city: 'city-admin',
  across_cities: 'province-admin',
};

const segments = (path: string) => path.split('/').filter(Boolean);

/** How many leading path segments two org paths share: 3 = same county, 2 = same city, 1 = same province. */
export function commonDepth(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  let depth = 0;
  while (depth < x.length && depth < y.length && x[depth] === y[depth]) depth++;
  return depth;
}

/** The kind of an in-service move, from the lowest common ancestor of the two units. */
export function inServiceKind(fromPath: string, toPath: string): Exclude<TransferKind, 'from_departed_pool'> {
  const depth = commonDepth(fromPath, toPath);
  if (depth >= 3) return 'within_county';
  if (depth === 2) return 'within_city';
  return 'across_cities';
}

/**
 * Who may move a teacher to `toPath`, and as which kind of transfer. Pure: the use case feeds it
 * the locked teacher row and the target unit.
 * - Departed pool: any admin (a school admin included) whose subtree holds the target, wherever the
 *   teacher left from (调入离职教师, 无须经过上级管理员). Rejoining the last unit is allowed.
 * - In service: an admin whose subtree holds both units and whose level is at least the lowest common
 *   level (county / city / province). A school admin never moves an in-service teacher.
 */
export function decideTransfer(
  principal: Pick<Principal, 'roles' | 'orgPath'>,
  teacher: { status: TeacherStatus; orgPath: string },
  toPath: string,
): TransferDecision {
  if (teacher.status === 'retired') return { allowed: false, reason: 'not_transferable', message: 'a retired teacher cannot be transferred' };
  const role = adminLevel(principal);
  if (!role || !principal.orgPath) return { allowed: false, reason: 'not_allowed', message: 'only admins transfer teachers' };
  if (!isWithinJurisdiction(principal.orgPath, toPath)) {
    return { allowed: false, reason: 'not_allowed', message: `${toPath} is outside your jurisdiction ${principal.orgPath}` };
  }
  if (teacher.status === 'departed') return { allowed: true, kind: 'from_departed_pool' };

  if (teacher.orgPath === toPath) return { allowed: false, reason: 'same_unit', message: `the teacher is already at ${toPath}` };
  const kind = inServiceKind(teacher.orgPath, toPath);
  const required = REQUIRED_ROLE[kind];
  if (ROLE_DEPTH[role] > ROLE_DEPTH[required]) {
    return { allowed: false, reason: 'not_allowed', message: `a ${kind.replace(/_/g, ' ')} transfer of an in-service teacher needs a ${required} (or above)` };
  }
  if (!isWithinJurisdiction(principal.orgPath, teacher.orgPath)) {
    return { allowed: false, reason: 'not_allowed', message: `the teacher's unit ${teacher.orgPath} is outside your jurisdiction ${principal.orgPath}` };
  }
  return { allowed: true, kind };
}

/** What a transfer does to one of the teacher's enrollments (docs/decisions/0017). */
export type EnrollmentOnTransfer = 'stays' | 'moves' | 'moves_leaving_groups';

/**
 * An enrollment follows its teacher to the new unit unless it is history: withdrawn, already at that
 * unit (a teacher pulled back into the unit they left), or in a project whose study has ended. While
 * the project's grouping window is open the teacher also leaves their study group, for the region's
 * admin to place them again; after it, groups are final and keep them until the project ends.
 * The project's stage is not checked against the new unit: participation is decided by the teacher's
 * own stage, which a transfer does not change, and hours follow the person.
 */
export function enrollmentOnTransfer(
  enrollment: { orgId: string; status: EnrollmentStatus },
  toOrgId: string,
  windows: Pick<ProjectWindows, 'grouping' | 'study'>,
  today: string,
): EnrollmentOnTransfer {
  if (enrollment.status !== 'enrolled' || enrollment.orgId === toOrgId || today > windows.study.end) return 'stays';
  return isWithin(windows.grouping, today) ? 'moves_leaving_groups' : 'moves';
}

/**
 * Who finds a teacher through the departed pool (离职教师库): any admin of the teacher's province, since
 * any school admin may pull a departed teacher in. Anyone else with that ID number — in service or
 * retired, wherever they are — is not there, so the lookup can't tell who works where.
 */
export function inDepartedPoolOf(principal: Pick<Principal, 'roles' | 'orgPath'>, teacher: { status: TeacherStatus; orgPath: string }): boolean {
  if (!adminLevel(principal) || !principal.orgPath || teacher.status !== 'departed') return false;
  const province = segments(principal.orgPath)[0];
  return province !== undefined && segments(teacher.orgPath)[0] === province;
}
