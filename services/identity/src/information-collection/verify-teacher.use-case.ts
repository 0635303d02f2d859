import { isWithinJurisdiction, type Principal } from '@yanxiu/auth';
import { enqueueEvents } from '@yanxiu/messaging';
import type { DataSource } from 'typeorm';
import { assertInJurisdiction, IdentityError } from '../identity.error.js';
import type { TransferRepository } from '../transfers/transfer.repository.js';
import { activityProblem } from './campaign-rules.js';
import { teacherVerifiedOutgoing } from './campaign.mapper.js';
import type { CampaignRepository, VerificationRecord } from './campaign.repository.js';
import { concerningCampaign } from './campaign.use-case.js';

/**
 * 校验: an admin over the teacher's unit (usually the school admin) confirms an in-service teacher's
 * record in an active campaign. Corrections go through UpdateTeacher, additions through CreateTeacher,
 * leavers through DepartTeacher. Verifying again at the same unit changes nothing; after a transfer the
 * new unit verifies again (a verification counts at the unit it was made at).
 */
export class VerifyCampaignTeacherUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignRepository,
    private readonly placements: TransferRepository,
  ) {}

  async execute(principal: Principal, command: { campaignId: string; teacherId: string }): Promise<VerificationRecord> {
    if (!command.teacherId) throw new IdentityError('invalid_argument', 'teacher id is required');
    return this.dataSource.transaction(async (manager) => {
      // Shared lock: verifications run side by side, but none slips past a concurrent close.
      const campaign = await concerningCampaign(manager, this.campaigns, principal, command.campaignId, 'share');
      // The teacher's row lock orders this against a transfer or departure of the same teacher.
      const teacher = await this.placements.lockTeacher(manager, command.teacherId);
      if (!teacher) throw new IdentityError('teacher_not_found', `teacher ${command.teacherId} not found`);
      assertInJurisdiction(principal, teacher.orgPath);
      if (!isWithinJurisdiction(campaign.orgPath, teacher.orgPath)) {
        throw new IdentityError('invalid_argument', `the teacher's unit ${teacher.orgPath} is outside the campaign's scope ${campaign.orgPath}`);
      }
      const inactive = activityProblem(campaign, new Date());
      if (inactive) throw new IdentityError('campaign_not_active', inactive);
      if (teacher.status !== 'in_service') {
        throw new IdentityError('teacher_status_conflict', `only in-service teachers are verified; this one is ${teacher.status}`);
      }

      const existing = await this.campaigns.findVerification(manager, campaign.id, teacher.id);
      if (existing?.orgId === teacher.orgId) return existing;
      const verification: VerificationRecord = {
        campaignId: campaign.id,
        teacherId: teacher.id,
        orgId: teacher.orgId,
        orgPath: teacher.orgPath,
        verifiedByUsername: principal.username,
        verifiedAt: new Date(),
      };
      await this.campaigns.saveVerification(manager, verification);
      await enqueueEvents(manager, 'identity', [teacherVerifiedOutgoing(verification)]);
      return verification;
    });
  }
}
