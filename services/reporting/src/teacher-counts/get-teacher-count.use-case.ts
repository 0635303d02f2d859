import { isWithinJurisdiction, type Principal } from '@yanxiu/auth';
import type { DataSource } from 'typeorm';
import { ReportingError } from '../reporting.error.js';
import { TeacherCountRepository, type TeacherCount } from './teacher-count.repository.js';

/** How many teachers an org and its subtree have, for admins whose jurisdiction covers it. */
export class GetTeacherCountUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly counts: TeacherCountRepository,
  ) {}

  async execute(principal: Principal, orgId: string): Promise<TeacherCount> {
    const manager = this.dataSource.manager;
    const org = await this.counts.findOrg(manager, orgId);
    if (!org) throw new ReportingError('org_not_found', `org ${orgId} is not known to reporting (yet)`);
    if (!principal.orgPath || !isWithinJurisdiction(principal.orgPath, org.path)) {
      throw new ReportingError('out_of_jurisdiction', `${org.path} is outside your jurisdiction ${principal.orgPath ?? '(none)'}`);
    }
    const { direct, total } = await this.counts.countsFor(manager, org.path);
    return { orgId, orgPath: org.path, direct, total };
  }
}
