import { randomUUID } from 'node:crypto';
import { isWithinJurisdiction, type Principal } from '@yanxiu/auth';
import { org as orgContract, Topics } from '@yanxiu/contracts';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { mayCreateLevel, placementProblem, type OrgLevel } from './org-rules.js';
import { seededOrgId } from './org-id.js';
import { orgToProto } from './org.mapper.js';
import { OrgRepository, type OrgRecord } from './org.repository.js';

export interface CreateOrgCommand {
  parentId: string;
  code: string;
  name: string;
  level: OrgLevel;
}

/** An admin registers a city, county or unit inside their own subtree; the row and its event commit together. */
export class CreateOrgUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
  ) {}

  async execute(principal: Principal, command: CreateOrgCommand): Promise<OrgRecord> {
    const name = command.name.trim();
    if (!name || name.length > 100) throw new IdentityError('invalid_argument', 'name must be 1–100 characters');
    if (!mayCreateLevel(principal.roles, command.level)) {
      throw new IdentityError('role_not_allowed', `your roles may not create a ${command.level}`);
    }
    return this.dataSource.transaction(async (manager) => {
      const parent = await this.orgs.findById(manager, command.parentId);
      if (!parent) throw new IdentityError('org_not_found', `parent org ${command.parentId} not found`);
      assertInJurisdiction(principal, parent.path);
      const problem = placementProblem(parent, command);
      if (problem) throw new IdentityError('org_level_not_allowed', problem);

      const org: OrgRecord = { id: randomUUID(), code: command.code, name, level: command.level, parentId: parent.id, path: `${parent.path}/${command.code}` };
      return this.insertWithEvent(manager, org);
    });
  }

  /**
   * Operations seed the province and its cities (there is no admin above a province). Seeding is
   * repeatable: an org already present is returned as it is, with no second event.
   */
  async seed(orgs: { code: string; name: string; level: 'province' | 'city'; parentPath: string | null }[]): Promise<OrgRecord[]> {
    return this.dataSource.transaction(async (manager) => {
      const seeded: OrgRecord[] = [];
      for (const o of orgs) {
        const path = `${o.parentPath ?? ''}/${o.code}`;
        const existing = await this.orgs.findByPath(manager, path);
        if (existing) {
          seeded.push(existing);
          continue;
        }
        const parentId = o.parentPath ? seededOrgId(o.parentPath) : null;
        seeded.push(await this.insertWithEvent(manager, { id: seededOrgId(path), code: o.code, name: o.name, level: o.level, parentId, path }));
      }
      return seeded;
    });
  }

  private async insertWithEvent(manager: EntityManager, org: OrgRecord): Promise<OrgRecord> {
    if (!(await this.orgs.insert(manager, org))) throw new IdentityError('org_exists', `an org at ${org.path} already exists`);
    await enqueueEvents(manager, 'identity', [
      { topic: Topics.orgCreated, key: org.id, type: 'yanxiu.identity.v1.OrgCreated', version: 1, subject: org.id, payload: orgContract.OrgCreated.encode({ org: orgToProto(org) }).finish() },
    ]);
    return org;
  }
}

/** Reads one org inside the caller's jurisdiction, or on the caller's own path (their school, county, city, province). */
export class GetOrgUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
  ) {}

  async execute(principal: Principal, id: string): Promise<OrgRecord> {
    const org = await this.orgs.findById(this.dataSource.manager, id);
    if (!org) throw new IdentityError('org_not_found', `org ${id} not found`);
    // Names and codes of the orgs above oneself are not confidential; a teacher sees their school's name.
    if (isWithinJurisdiction(org.path, principal.orgPath)) return org;
    assertInJurisdiction(principal, org.path);
    return org;
  }
}
