import { randomUUID } from 'node:crypto';
import type { Principal } from '@yanxiu/auth';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import { pageQuery, type Page, type PageRequest } from '../listing/page.js';
import { jurisdictionOf } from '../orgs/org-scope.js';
import type { OrgRepository } from '../orgs/org.repository.js';
import { campaignConcerns, openingProblem, pathAndAncestors, windowProblem, type CampaignRecord, type CampaignStatus } from './campaign-rules.js';
import { campaignClosedOutgoing, campaignOpenedOutgoing } from './campaign.mapper.js';
import { CAMPAIGN_ORDER, type CampaignRepository } from './campaign.repository.js';

/**
 * The campaign `id` if it concerns the caller (covers their org or lies in their subtree): 404 when
 * unknown, 403 for another city's campaign or a caller without an admin role.
 */
export async function concerningCampaign(
  manager: EntityManager,
  campaigns: CampaignRepository,
  principal: Principal,
  id: string,
  lock?: 'update' | 'share',
): Promise<CampaignRecord> {
  if (!id) throw new IdentityError('invalid_argument', 'campaign id is required');
  jurisdictionOf(principal);
  const campaign = await campaigns.findById(manager, id, lock);
  if (!campaign) throw new IdentityError('campaign_not_found', `campaign ${id} not found`);
  if (!campaignConcerns(principal, campaign)) {
    throw new IdentityError('out_of_jurisdiction', `campaign ${id} covers ${campaign.orgPath}, which neither contains nor lies inside your jurisdiction ${principal.orgPath ?? '(none)'}`);
  }
  return campaign;
}

export interface OpenCampaignCommand {
  /** Empty = the caller's own org. */
  orgId: string;
  year: number;
  name: string;
  startsAt: string;
  endsAt: string;
}

/**
 * A province or city admin opens the spring 信息采集 over their subtree with a window (data, not a
 * constant: 2018 ran 4月1日–4月10日). One campaign per scope and year, and no two open campaigns of a
 * year may cover the same school: openings in a province queue on the province's row to check that.
 */
export class OpenCampaignUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgRepository,
    private readonly campaigns: CampaignRepository,
  ) {}

  async execute(principal: Principal, command: OpenCampaignCommand): Promise<CampaignRecord> {
    const name = command.name.trim();
    if (!name || [...name].length > 100) throw new IdentityError('invalid_argument', 'name must be 1–100 characters');
    if (!Number.isInteger(command.year) || command.year < 2000 || command.year > 2100) throw new IdentityError('invalid_argument', 'year must be 2000–2100');
    const startsAt = new Date(command.startsAt);
    const endsAt = new Date(command.endsAt);
    const window = windowProblem(startsAt, endsAt);
    if (window) throw new IdentityError('invalid_argument', window);

    return this.dataSource.transaction(async (manager) => {
      const jurisdiction = jurisdictionOf(principal);
      const scope = command.orgId ? await this.orgs.findById(manager, command.orgId) : await this.orgs.findByPath(manager, jurisdiction);
      if (!scope) throw new IdentityError('org_not_found', `org ${command.orgId || jurisdiction} not found`);
      assertInJurisdiction(principal, scope.path);
      const problem = openingProblem(principal, scope);
      if (problem) throw new IdentityError('role_not_allowed', problem);

      const [province] = pathAndAncestors(scope.path);
      await this.campaigns.lockOrgPath(manager, province ?? scope.path);
      const [overlapping] = await this.campaigns.findOpenOverlapping(manager, command.year, pathAndAncestors(scope.path), scope.path);
      if (overlapping) throw new IdentityError('campaign_exists', `the open ${overlapping.year} campaign "${overlapping.name}" at ${overlapping.orgPath} already covers ${scope.path}`);

      const now = new Date();
      const campaign: CampaignRecord = {
        id: randomUUID(),
        orgId: scope.id,
        orgPath: scope.path,
        year: command.year,
        name,
        startsAt,
        endsAt,
        status: 'open',
        openedByUsername: principal.username,
        openedAt: now,
        closedByUsername: null,
        closedAt: null,
      };
      if (!(await this.campaigns.insert(manager, campaign))) throw new IdentityError('campaign_exists', `${scope.path} already had a campaign in ${command.year}`);
      await enqueueEvents(manager, 'identity', [campaignOpenedOutgoing(campaign)]);
      return campaign;
    });
  }
}

/** An admin over the campaign's scope (its opener's level or above) closes it, early or after its window. */
export class CloseCampaignUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignRepository,
  ) {}

  async execute(principal: Principal, id: string): Promise<CampaignRecord> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await concerningCampaign(manager, this.campaigns, principal, id, 'update');
      assertInJurisdiction(principal, campaign.orgPath);
      if (campaign.status === 'closed') throw new IdentityError('campaign_not_active', `the campaign was already closed at ${campaign.closedAt?.toISOString() ?? '?'}`);
      const closedAt = new Date();
      await this.campaigns.close(manager, id, principal.username, closedAt);
      const closed: CampaignRecord = { ...campaign, status: 'closed', closedByUsername: principal.username, closedAt };
      await enqueueEvents(manager, 'identity', [campaignClosedOutgoing(closed)]);
      return closed;
    });
  }
}

export class GetCampaignUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignRepository,
  ) {}

  execute(principal: Principal, id: string): Promise<CampaignRecord> {
    return concerningCampaign(this.dataSource.manager, this.campaigns, principal, id);
  }
}

/** Campaigns that cover the caller's org or lie in their subtree, newest year first. */
export class ListCampaignsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignRepository,
  ) {}

  async execute(principal: Principal, command: { status: CampaignStatus | null } & PageRequest): Promise<Page<CampaignRecord>> {
    const query = pageQuery(command, CAMPAIGN_ORDER);
    return this.campaigns.listConcerning(this.dataSource.manager, jurisdictionOf(principal), command.status, query);
  }
}
