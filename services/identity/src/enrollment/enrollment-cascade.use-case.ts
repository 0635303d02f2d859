import type { Principal } from '@yanxiu/auth';
import { enrollment as contract, Topics } from '@yanxiu/contracts';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import type { OrgRecord, OrgRepository } from '../orgs/org.repository.js';
import { provinceToday, type Clock } from '../training-projects/project-calendar.js';
import type { TrainingProjectRepository } from '../training-projects/training-project.repository.js';
import type { EnrollmentUnitLevel, EnrollmentUnitRecord } from './enrollment.js';
import { cascadeLevelOf, projectForCaller, refuse } from './enrollment-access.js';
import { cascadeProblem, decideCascadeStep, type CascadeStep } from './enrollment-rules.js';
import { enrollmentUnitChangedEvent } from './enrollment.mapper.js';
import type { EnrollmentRepository } from './enrollment.repository.js';

const CHILD_LEVEL: Record<EnrollmentUnitLevel, EnrollmentUnitLevel | null> = { city: 'county', county: 'unit', unit: null };

async function enqueueUnitEvents(manager: EntityManager, units: readonly EnrollmentUnitRecord[], at: Date): Promise<void> {
  await enqueueEvents(
    manager,
    'identity',
    units.map((u) => ({
      topic: Topics.enrollmentUnitChanged,
      key: u.projectId,
      type: 'yanxiu.identity.v1.EnrollmentUnitChanged',
      version: 1,
      subject: u.projectId,
      payload: contract.EnrollmentUnitChanged.encode(enrollmentUnitChangedEvent(u, at)).finish(),
    })),
  );
}

/** The org as a cascade node; refuses the province and unknown orgs. */
async function cascadeOrg(manager: EntityManager, orgs: OrgRepository, orgId: string): Promise<{ org: OrgRecord; level: EnrollmentUnitLevel }> {
  const org = await orgs.findById(manager, orgId);
  if (!org) throw new IdentityError('org_not_found', `org ${orgId} not found`);
  const level = cascadeLevelOf(org.level);
  if (!level) throw new IdentityError('org_level_not_allowed', 'the province runs the project; the cascade starts at its cities');
  return { org, level };
}

/**
 * 开放参训区域/单位: a city admin opens the project to counties of their city, a county admin to
 * units of their county (or an admin above, for them). A city takes part from its first opened
 * county. Orgs already opened are returned unchanged. Rows are locked parents first.
 */
export class OpenEnrollmentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(principal: Principal, command: { projectId: string; orgIds: string[] }): Promise<EnrollmentUnitRecord[]> {
    const orgIds = [...new Set(command.orgIds)];
    if (orgIds.length === 0 || orgIds.length > 500) throw new IdentityError('invalid_argument', 'orgIds: give 1–500 counties or units to open the project to');
    return this.dataSource.transaction(async (manager) => {
      const project = await projectForCaller(manager, this.projects, principal, command.projectId);
      const today = provinceToday(this.clock());
      const targets = [];
      for (const orgId of orgIds) {
        const target = await cascadeOrg(manager, this.orgs, orgId);
        refuse(decideCascadeStep(principal, 'open', target.level, target.org.path, project.windows, today));
        targets.push(target);
      }
      // Counties before units, by path: the same lock order as every other cascade write.
      targets.sort((a, b) => a.org.path.split('/').length - b.org.path.split('/').length || a.org.path.localeCompare(b.org.path));

      const now = this.clock();
      const opened: EnrollmentUnitRecord[] = [];
      const changed: EnrollmentUnitRecord[] = [];
      const open = (org: OrgRecord, level: EnrollmentUnitLevel): EnrollmentUnitRecord => ({
        projectId: project.id,
        orgId: org.id,
        orgPath: org.path,
        level,
        status: 'open',
        openedBy: principal.username,
        openedAt: now,
        submittedBy: null,
        submittedAt: null,
        returnedReason: null,
        version: 1,
      });
      for (const { org, level } of targets) {
        const parentOrg = org.parentId ? await this.orgs.findById(manager, org.parentId) : null;
        if (!parentOrg) throw new Error(`org ${org.path} has no parent on record`);
        // A city joins the cascade with its first county. Insert-if-absent rather than read-then-insert:
        // two admins opening counties of one city at once must not both see "no city yet".
        if (level === 'county') {
          const city = open(parentOrg, 'city');
          if (await this.enrollment.insertUnit(manager, city)) changed.push(city);
        }
        const parent = await this.enrollment.findUnit(manager, project.id, parentOrg.id, { lock: true });
        const problem = cascadeProblem('open', level, { path: org.path, status: null, parent: { path: parentOrg.path, status: parent?.status ?? null }, openChildren: [], childCount: 0 });
        if (problem) throw new IdentityError('enrollment_cascade', problem);
        const unit = open(org, level);
        if (await this.enrollment.insertUnit(manager, unit)) {
          opened.push(unit);
          changed.push(unit);
        } else {
          const existing = await this.enrollment.findUnit(manager, project.id, org.id);
          if (!existing) throw new Error(`enrollment unit ${org.path} vanished inside its transaction`);
          opened.push(existing);
        }
      }
      await enqueueUnitEvents(manager, changed, now);
      return opened;
    });
  }
}

/**
 * One step on an opened node: submit (a unit's admin hands in its list; a county or city admin
 * hands in after every node below has) or return (退回: the level above opens it again, with a reason).
 */
export class MoveEnrollmentUnitUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly projects: TrainingProjectRepository,
    private readonly enrollment: EnrollmentRepository,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(principal: Principal, step: Exclude<CascadeStep, 'open'>, command: { projectId: string; orgId: string; reason?: string }): Promise<EnrollmentUnitRecord> {
    const reason = command.reason?.trim() ?? '';
    if (step === 'return' && (!reason || reason.length > 500)) throw new IdentityError('invalid_argument', 'reason: say in 1–500 characters what the unit must correct');
    return this.dataSource.transaction(async (manager) => {
      const project = await projectForCaller(manager, this.projects, principal, command.projectId);
      const { org, level } = await cascadeOrg(manager, this.orgs, command.orgId);
      refuse(decideCascadeStep(principal, step, level, org.path, project.windows, provinceToday(this.clock())));

      const parentOrg = level === 'city' || !org.parentId ? null : await this.orgs.findById(manager, org.parentId);
      const parent = parentOrg ? await this.enrollment.findUnit(manager, project.id, parentOrg.id, { lock: true }) : null;
      const unit = await this.enrollment.findUnit(manager, project.id, org.id, { lock: true });
      const childLevel = CHILD_LEVEL[level];
      const children = childLevel ? await this.enrollment.findChildUnits(manager, project.id, org.path, childLevel) : [];
      const problem = cascadeProblem(step, level, {
        path: org.path,
        status: unit?.status ?? null,
        parent: parentOrg ? { path: parentOrg.path, status: parent?.status ?? null } : null,
        openChildren: children.filter((c) => c.status === 'open').map((c) => c.orgPath),
        childCount: children.length,
      });
      if (problem || !unit) throw new IdentityError('enrollment_cascade', problem ?? `the project has not been opened to ${org.path}`);

      const now = this.clock();
      const moved: EnrollmentUnitRecord =
        step === 'submit'
          ? { ...unit, status: 'submitted', submittedBy: principal.username, submittedAt: now, returnedReason: null, version: unit.version + 1 }
          : { ...unit, status: 'open', submittedBy: null, submittedAt: null, returnedReason: reason, version: unit.version + 1 };
      await this.enrollment.updateUnit(manager, moved);
      await enqueueUnitEvents(manager, [moved], now);
      return moved;
    });
  }
}
