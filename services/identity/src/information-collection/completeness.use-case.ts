import type { Principal } from '@yanxiu/auth';
import type { DataSource } from 'typeorm';
import { IdentityError } from '../identity.error.js';
import { pageQuery, type Page, type PageRequest } from '../listing/page.js';
import { ORG_ORDER, type OrgRepository } from '../orgs/org.repository.js';
import { requestedSubtree } from '../orgs/org-scope.js';
import { TEACHER_ORDER } from '../teachers/roster.repository.js';
import type { TeacherRecord } from '../teachers/teacher.repository.js';
import { countingWindow } from './campaign-rules.js';
import type { CampaignRepository, CompletenessTotalsRecord, UnitCompletenessRecord, Verification } from './campaign.repository.js';
import { concerningCampaign } from './campaign.use-case.js';

/**
 * Per-unit completeness of a campaign below an org of the caller's jurisdiction (county and city admins
 * follow their schools; a school admin sees their own): in service, verified, added and departed inside
 * the window. Units are those inside the campaign's scope, the requested org and the caller's jurisdiction.
 */
export class GetCompletenessUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly campaigns: CampaignRepository,
  ) {}

  async execute(
    principal: Principal,
    command: { campaignId: string; orgId: string } & PageRequest,
  ): Promise<{ totals: CompletenessTotalsRecord; page: Page<UnitCompletenessRecord> }> {
    const query = pageQuery(command, ORG_ORDER);
    const manager = this.dataSource.manager;
    const campaign = await concerningCampaign(manager, this.campaigns, principal, command.campaignId);
    const { jurisdiction, root } = await requestedSubtree(manager, this.orgs, principal, command.orgId);
    return this.campaigns.completeness(manager, campaign.id, countingWindow(campaign), [jurisdiction, root, campaign.orgPath], query);
  }
}

/** A unit's (or subtree's) in-service teachers with their verification in the campaign: who is left to verify. */
export class ListCampaignTeachersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly campaigns: CampaignRepository,
  ) {}

  async execute(
    principal: Principal,
    command: { campaignId: string; orgId: string; verification: Verification | null; name: string } & PageRequest,
  ): Promise<Page<{ teacher: TeacherRecord; verifiedAt: Date | null }>> {
    const name = command.name.trim();
    if (name.length > 50) throw new IdentityError('invalid_argument', 'name must be at most 50 characters');
    const query = pageQuery(command, TEACHER_ORDER);
    const manager = this.dataSource.manager;
    const campaign = await concerningCampaign(manager, this.campaigns, principal, command.campaignId);
    const { jurisdiction, root } = await requestedSubtree(manager, this.orgs, principal, command.orgId);
    return this.campaigns.teachers(
      manager,
      campaign.id,
      { withinPaths: [jurisdiction, root, campaign.orgPath], status: 'in_service', verification: command.verification, ...(name ? { nameContains: name } : {}) },
      query,
    );
  }
}
