import { adminLevel, type Principal } from '@yanxiu/auth';
import type { DataSource, EntityManager } from 'typeorm';
import { assertAdmin } from '../access.js';
import { publish } from '../catalog-events.js';
import { assertInJurisdiction, CatalogError } from '../catalog.error.js';
import { checkSchoolChoice } from '../policies/check-selection.js';
import type { SelectionPolicy } from '../policies/selection-policy.js';
import type { KnownOrg } from '../projections/identity-projection.repository.js';
import type { ProjectRecord } from '../projections/project.js';
import { ancestorPaths, type SchoolChoiceRecord } from './selection.js';
import { schoolChoiceSaved } from './selection.mapper.js';
import type { SelectionContext } from './selection-context.js';
import { assertSelectionOpen } from './standing.js';

const UNIT_LEVELS = ['school', 'kindergarten', 'institution'];
const IMPOSING_LEVELS = ['province', 'city', 'county'];

export interface ChoiceCommand {
  projectId: string;
  orgId: string;
  packageCode: string | null;
  topicIds: string[];
}

/** The org (from identity's events) inside the caller's jurisdiction. */
async function orgInJurisdiction(ctx: SelectionContext, manager: EntityManager, principal: Principal, orgId: string): Promise<KnownOrg> {
  const org = await ctx.projections.findOrg(manager, orgId);
  if (!org) throw new CatalogError('org_not_found', `org ${orgId} is not known to catalog (yet)`);
  assertInJurisdiction(principal, org.path);
  return org;
}

interface ChoiceScope {
  project: ProjectRecord;
  policy: SelectionPolicy;
}

/**
 * Locks the project exclusively (a choice moves what counts for every learner below the org; nothing
 * else of the project may change meanwhile), checks the window, and validates the choice against the policy.
 */
async function checkedChoice(ctx: SelectionContext, manager: EntityManager, command: ChoiceCommand, now: Date): Promise<ChoiceScope> {
  const project = await ctx.project(manager, command.projectId, 'exclusive');
  assertSelectionOpen(project, now);
  const policy = await ctx.policy(manager, project.id);
  const problems = checkSchoolChoice(policy, { packageCode: command.packageCode, topicIds: command.topicIds });
  if (problems.length > 0) throw new CatalogError('choice_invalid', problems.map((p) => p.message).join('；'));
  return { project, policy };
}

async function imposedAbove(ctx: SelectionContext, manager: EntityManager, projectId: string, path: string): Promise<SchoolChoiceRecord | undefined> {
  return (await ctx.selections.choicesAt(manager, projectId, ancestorPaths(path))).find((c) => c.imposed);
}

const describe = (c: SchoolChoiceRecord) => (c.packageCode ? `套餐 ${c.packageCode}` : `${c.topicIds.length} 个专题`);

/**
 * A school admin (or an admin above) picks the school's package or topics, in the window, until study
 * starts; what counts is republished for every learner of the school.
 */
export class SaveSchoolChoiceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ctx: SelectionContext,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(principal: Principal, command: ChoiceCommand): Promise<SchoolChoiceRecord> {
    assertAdmin(principal, 'choose packages for schools');
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const org = await orgInJurisdiction(this.ctx, manager, principal, command.orgId);
      if (!UNIT_LEVELS.includes(org.level)) throw new CatalogError('invalid_argument', `${org.path} is a ${org.level}: schools choose for themselves; a county chooses for all its schools with ImposeChoice`);
      const scope = await checkedChoice(this.ctx, manager, command, this.now());
      const imposed = await imposedAbove(this.ctx, manager, command.projectId, org.path);
      if (imposed) throw new CatalogError('choice_imposed', `${imposed.orgPath} 已为所属学校统一选择了${describe(imposed)}，学校不能另选`);
      return this.save(manager, principal, org, command, false, scope);
    });
  }

  /** Stores and events the choice, then republishes what counts for every learner at and below the org. */
  async save(manager: EntityManager, principal: Principal, org: KnownOrg, command: ChoiceCommand, imposed: boolean, scope: ChoiceScope): Promise<SchoolChoiceRecord> {
    const current = await this.ctx.selections.lockChoice(manager, command.projectId, org.id);
    const choice: SchoolChoiceRecord = {
      projectId: command.projectId,
      orgId: org.id,
      orgPath: org.path,
      packageCode: command.packageCode,
      topicIds: [...new Set(command.topicIds)],
      imposed,
      chosenBy: principal.username,
      revision: (current?.revision ?? 0) + 1,
      updatedAt: new Date(),
    };
    await this.ctx.selections.saveChoice(manager, choice);
    await publish(manager, [schoolChoiceSaved(choice)]);
    await this.ctx.counted.republish(manager, scope.project, scope.policy, org.path);
    return choice;
  }
}

/**
 * A county (or city, or province) admin imposes one package or topic set on every school below
 * (平阴县: 统一选择套餐 B). It overrides the schools' own choices until lifted.
 */
export class ImposeChoiceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ctx: SelectionContext,
    private readonly saveSchoolChoice: SaveSchoolChoiceUseCase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(principal: Principal, command: ChoiceCommand): Promise<SchoolChoiceRecord> {
    const level = adminLevel(principal);
    if (level === null || level === 'school-admin') throw new CatalogError('role_not_allowed', 'only county, city and province admins choose for all the schools below them');
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const org = await orgInJurisdiction(this.ctx, manager, principal, command.orgId);
      if (!IMPOSING_LEVELS.includes(org.level)) throw new CatalogError('invalid_argument', `${org.path} is a ${org.level}; choices are imposed from a county, city or the province`);
      const scope = await checkedChoice(this.ctx, manager, command, this.now());
      const above = await imposedAbove(this.ctx, manager, command.projectId, org.path);
      if (above) throw new CatalogError('choice_imposed', `${above.orgPath} 已统一选择了${describe(above)}`);
      return this.saveSchoolChoice.save(manager, principal, org, command, true, scope);
    });
  }

  /** Lets the schools below choose again (their own choices apply again); evented as an imposed choice with nothing in it. */
  async lift(principal: Principal, command: { projectId: string; orgId: string }): Promise<void> {
    assertAdmin(principal, 'lift imposed choices');
    await this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const org = await orgInJurisdiction(this.ctx, manager, principal, command.orgId);
      const project = await this.ctx.project(manager, command.projectId, 'exclusive');
      assertSelectionOpen(project, this.now());
      const current = await this.ctx.selections.lockChoice(manager, command.projectId, org.id);
      if (!current?.imposed) throw new CatalogError('invalid_argument', `${org.path} has imposed nothing on project ${command.projectId}`);
      await this.ctx.selections.deleteChoice(manager, command.projectId, org.id);
      await publish(manager, [schoolChoiceSaved({ ...current, packageCode: null, topicIds: [], chosenBy: principal.username, revision: current.revision + 1, updatedAt: new Date() })]);
      await this.ctx.counted.republish(manager, project, await this.ctx.policy(manager, project.id), org.path);
    });
  }
}

/** The choice that applies to a school: for admins over it and for its own staff. */
export class GetSchoolChoiceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ctx: SelectionContext,
  ) {}

  async execute(principal: Principal, command: { projectId: string; orgId: string }): Promise<SchoolChoiceRecord | null> {
    const manager = this.dataSource.manager;
    const org = await this.ctx.projections.findOrg(manager, command.orgId);
    if (!org) throw new CatalogError('org_not_found', `org ${command.orgId} is not known to catalog (yet)`);
    if (principal.orgPath !== org.path) assertInJurisdiction(principal, org.path);
    return this.ctx.choiceFor(manager, command.projectId, org.path);
  }
}
