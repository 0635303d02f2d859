import type { Principal } from '@yanxiu/auth';
import type { DataSource } from 'typeorm';
import { assertAdmin } from '../access.js';
import { assertInJurisdiction, CatalogError } from '../catalog.error.js';
import { decodePageToken, encodePageToken, pageSize } from '../paging.js';
import type { KnownOrg } from '../projections/identity-projection.repository.js';
import type { SchoolChoiceRecord } from './selection.js';
import type { ParticipantStanding, SelectionContext } from './selection-context.js';

export interface SchoolStatus {
  org: KnownOrg;
  choice: SchoolChoiceRecord | null;
  participants: ParticipantStanding[];
}

const UNIT_LEVELS = ['school', 'kindergarten', 'institution'];

/** A school's package and each participant's selection completeness, for admins over the school. */
export class GetSchoolSelectionStatusUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ctx: SelectionContext,
  ) {}

  async execute(principal: Principal, command: { projectId: string; orgId: string }): Promise<SchoolStatus> {
    assertAdmin(principal, "see schools' selections");
    const manager = this.dataSource.manager;
    const org = await this.ctx.projections.findOrg(manager, command.orgId);
    if (!org) throw new CatalogError('org_not_found', `org ${command.orgId} is not known to catalog (yet)`);
    assertInJurisdiction(principal, org.path);
    if (!UNIT_LEVELS.includes(org.level)) throw new CatalogError('invalid_argument', `${org.path} is a ${org.level}; list its schools with ListSchoolSelectionStatus`);
    const project = await this.ctx.project(manager, command.projectId);
    const policy = await this.ctx.policy(manager, project.id);
    const participants = await this.ctx.standings(manager, project, policy, await this.ctx.projections.learnersAt(manager, project.id, [org.path]));
    return { org, choice: await this.ctx.choiceFor(manager, project.id, org.path), participants };
  }
}

export interface SchoolSummary {
  org: KnownOrg;
  choice: SchoolChoiceRecord | null;
  enrolled: number;
  complete: number;
}

/** Every school below a county, city or the province: its choice and how many participants completed theirs. */
export class ListSchoolSelectionStatusUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ctx: SelectionContext,
  ) {}

  async execute(principal: Principal, command: { projectId: string; orgId: string; pageSize: number; pageToken: string }): Promise<{ schools: SchoolSummary[]; nextPageToken: string; total: number }> {
    assertAdmin(principal, "see schools' selections");
    const limit = pageSize(command.pageSize, 100, 500);
    const after = decodePageToken(command.pageToken, ['path']);
    const manager = this.dataSource.manager;
    const org = await this.ctx.projections.findOrg(manager, command.orgId);
    if (!org) throw new CatalogError('org_not_found', `org ${command.orgId} is not known to catalog (yet)`);
    assertInJurisdiction(principal, org.path);
    const project = await this.ctx.project(manager, command.projectId);
    const policy = await this.ctx.policy(manager, project.id);

    const { units, total } = await this.ctx.projections.unitsBelow(manager, org.path, after?.path ?? '', limit + 1);
    const page = units.slice(0, limit);
    // One round of queries for the whole page, not per school.
    const participants = await this.ctx.standings(manager, project, policy, await this.ctx.projections.learnersAt(manager, project.id, page.map((u) => u.path)));
    const choices = await this.ctx.choicesFor(manager, project.id, page.map((u) => u.path));
    const schools = page.map((unit): SchoolSummary => {
      const here = participants.filter((p) => p.enrollment.orgPath === unit.path);
      return { org: unit, choice: choices.get(unit.path) ?? null, enrolled: here.length, complete: here.filter((p) => p.standing.complete).length };
    });
    const last = page[page.length - 1];
    return { schools, nextPageToken: units.length > limit && last ? encodePageToken({ path: last.path }) : '', total };
  }
}
