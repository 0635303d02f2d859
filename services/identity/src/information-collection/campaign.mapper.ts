import { informationCollection as ic, Topics } from '@yanxiu/contracts';
import type { OutgoingEvent } from '@yanxiu/messaging';
import { orgToProto } from '../orgs/org.mapper.js';
import type { CampaignRecord, CampaignStatus } from './campaign-rules.js';
import type { CompletenessTotalsRecord, UnitCompletenessRecord, Verification, VerificationRecord } from './campaign.repository.js';

const S = ic.CollectionCampaignStatus;
const statuses: Record<CampaignStatus, ic.CollectionCampaignStatus> = { open: S.COLLECTION_CAMPAIGN_STATUS_OPEN, closed: S.COLLECTION_CAMPAIGN_STATUS_CLOSED };

export const campaignStatusFromProto = (value: ic.CollectionCampaignStatus): CampaignStatus | null =>
  (Object.entries(statuses) as [CampaignStatus, ic.CollectionCampaignStatus][]).find(([, v]) => v === value)?.[0] ?? null;

const F = ic.VerificationFilter;
const verifications: Record<Verification, ic.VerificationFilter> = { verified: F.VERIFICATION_FILTER_VERIFIED, unverified: F.VERIFICATION_FILTER_UNVERIFIED };

/** VERIFIED → verified, UNVERIFIED → unverified, anything else → null. */
export const verificationFilterFromProto = (value: ic.VerificationFilter): Verification | null =>
  (Object.entries(verifications) as [Verification, ic.VerificationFilter][]).find(([, v]) => v === value)?.[0] ?? null;

export function campaignToProto(c: CampaignRecord): ic.CollectionCampaign {
  return {
    id: c.id,
    orgId: c.orgId,
    orgPath: c.orgPath,
    year: c.year,
    name: c.name,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    status: statuses[c.status],
    openedByUsername: c.openedByUsername,
    openedAt: c.openedAt.toISOString(),
    closedByUsername: c.closedByUsername ?? '',
    closedAt: c.closedAt?.toISOString() ?? '',
  };
}

export function verificationToProto(v: VerificationRecord): ic.TeacherVerification {
  return { campaignId: v.campaignId, teacherId: v.teacherId, orgId: v.orgId, orgPath: v.orgPath, verifiedByUsername: v.verifiedByUsername, verifiedAt: v.verifiedAt.toISOString() };
}

export function unitCompletenessToProto(u: UnitCompletenessRecord): ic.UnitCompleteness {
  return { org: orgToProto(u.org), inService: u.inService, verified: u.verified, added: u.added, departed: u.departed, complete: u.verified === u.inService };
}

export function totalsToProto(t: CompletenessTotalsRecord): ic.CompletenessTotals {
  return { ...t };
}

export function campaignOpenedOutgoing(c: CampaignRecord): OutgoingEvent {
  return {
    topic: Topics.collectionCampaignOpened,
    key: c.id,
    type: 'yanxiu.identity.v1.CollectionCampaignOpened',
    version: 1,
    subject: c.id,
    payload: ic.CollectionCampaignOpened.encode({ campaign: campaignToProto(c) }).finish(),
  };
}

export function campaignClosedOutgoing(c: CampaignRecord): OutgoingEvent {
  return {
    topic: Topics.collectionCampaignClosed,
    key: c.id,
    type: 'yanxiu.identity.v1.CollectionCampaignClosed',
    version: 1,
    subject: c.id,
    payload: ic.CollectionCampaignClosed.encode({ campaign: campaignToProto(c) }).finish(),
  };
}

export function teacherVerifiedOutgoing(v: VerificationRecord): OutgoingEvent {
  const event: ic.TeacherVerified = { campaignId: v.campaignId, teacherId: v.teacherId, orgId: v.orgId, orgPath: v.orgPath, verifiedAt: v.verifiedAt.toISOString() };
  return { topic: Topics.teacherVerified, key: v.teacherId, type: 'yanxiu.identity.v1.TeacherVerified', version: 1, subject: v.teacherId, payload: ic.TeacherVerified.encode(event).finish() };
}
