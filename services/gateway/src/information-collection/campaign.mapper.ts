import { informationCollection as ic } from '@yanxiu/contracts';
import { orgView } from '../orgs/org.mapper.js';
import { teacherView } from '../teachers/teacher.mapper.js';
import type { CampaignTeacherView, CampaignView, CompletenessTotalsView, UnitCompletenessView } from './campaign.dto.js';

const S = ic.CollectionCampaignStatus;
export const campaignStatuses = { open: S.COLLECTION_CAMPAIGN_STATUS_OPEN, closed: S.COLLECTION_CAMPAIGN_STATUS_CLOSED } as const;
const V = ic.VerificationFilter;
export const verifications = { verified: V.VERIFICATION_FILTER_VERIFIED, unverified: V.VERIFICATION_FILTER_UNVERIFIED } as const;

export function campaignView(c: ic.CollectionCampaign | undefined): CampaignView {
  if (!c) throw new Error('service answered without a campaign');
  const status = Object.entries(campaignStatuses).find(([, v]) => v === c.status)?.[0] ?? 'unspecified';
  return { ...c, status };
}

export function unitCompletenessView(u: ic.UnitCompleteness): UnitCompletenessView {
  return { org: orgView(u.org), inService: u.inService, verified: u.verified, added: u.added, departed: u.departed, complete: u.complete };
}

export function totalsView(t: ic.CompletenessTotals | undefined): CompletenessTotalsView {
  if (!t) throw new Error('service answered without totals');
  return { ...t };
}

export function campaignTeacherView(row: ic.CampaignTeacher): CampaignTeacherView {
  return { teacher: teacherView(row.teacher), verifiedAt: row.verifiedAt };
}
