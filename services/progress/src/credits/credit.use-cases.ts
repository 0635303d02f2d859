import { randomUUID } from 'node:crypto';
import type { Principal } from '@yanxiu/auth';
import type { progress, progressEntities } from '@yanxiu/contracts';
import type { DataSource } from 'typeorm';
import { assertAdminOver, ownTeacherId, requireRole } from '../access.js';
import { progressEvent } from '../progress-events.js';
import { ProgressError } from '../progress.error.js';
import { sqlOf, type Sql } from '../sql.js';
import { shanghaiDay } from '../watching/watch-credit.js';
import { cycleOf, cycleSummary, type CertificationCycle } from './credit-rules.js';
import { creditMessage, type CreditRecord, type CreditRepository } from './credit.repository.js';

const RECORD_KEY = /^[A-Za-z0-9._:-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_RECORD_HOURS = 200;

const currentYear = () => Number(shanghaiDay(Math.floor(Date.now() / 1000)).slice(0, 4));

/** The teacher's current unit, which decides which admins may see or add to their ledger. */
async function unitOf(sql: Sql, credits: CreditRepository, teacherId: string): Promise<{ orgPath: string; inService: boolean }> {
  const unit = await credits.teacherUnit(sql, teacherId);
  if (!unit) throw new ProgressError('teacher_not_found', `teacher ${teacherId} is not known to progress (yet)`);
  return unit;
}

/**
 * 校本研修 hours, registered by an admin over the teacher's current unit (usually the school admin).
 * The school names the record (record_key): registering it again, after a timeout or by mistake,
 * returns the stored record and adds nothing — the unique key allows one per teacher × key.
 */
export class RegisterSchoolBasedHoursUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credits: CreditRepository,
  ) {}

  async execute(principal: Principal, request: progress.RegisterSchoolBasedHoursRequest): Promise<progress.RegisterSchoolBasedHoursResponse> {
    requireRole(principal, ['school-admin', 'county-admin', 'city-admin', 'province-admin'], 'registering school-based hours');
    const problems: string[] = [];
    if (!UUID.test(request.teacherId)) problems.push('teacher_id: a teacher UUID');
    if (!Number.isInteger(request.year) || request.year < 2000 || request.year > currentYear()) problems.push(`year: from 2000 to ${currentYear()}`);
    if (!(request.hours > 0 && request.hours <= MAX_RECORD_HOURS) || Math.round(request.hours * 10) !== request.hours * 10) problems.push(`hours: more than 0, at most ${MAX_RECORD_HOURS}, in tenths`);
    if (!request.title.trim() || request.title.length > 200) problems.push('title: 1-200 characters');
    if (!RECORD_KEY.test(request.recordKey)) problems.push('record_key: 1-64 letters, digits or . _ : -');
    if (problems.length > 0) throw new ProgressError('invalid_argument', problems.join('; '));

    return this.dataSource.transaction(async (manager) => {
      const sql = sqlOf(manager);
      const unit = await unitOf(sql, this.credits, request.teacherId);
      assertAdminOver(principal, unit.orgPath, 'registering school-based hours');
      const record: CreditRecord = {
        id: randomUUID(),
        teacherId: request.teacherId,
        source: 'school_based',
        sourceKey: request.recordKey,
        year: request.year,
        hours: request.hours,
        title: request.title.trim(),
        registeredBy: principal.username,
        registeredAt: new Date(),
      };
      if (await this.credits.insert(sql, record)) {
        await sql.enqueue([progressEvent.creditRegistered(record)]);
        return { credit: creditMessage(record), created: true };
      }
      const held = await this.credits.findBySource(sql, request.teacherId, 'school_based', request.recordKey);
      return { credit: creditMessage(held!), created: false };
    });
  }
}

/** A teacher's certification cycle: total, per-year breakdown and every credit; for the teacher or an admin over their current unit. */
export class GetCreditSummaryUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credits: CreditRepository,
  ) {}

  async execute(principal: Principal, request: progress.GetCreditSummaryRequest): Promise<progress.GetCreditSummaryResponse> {
    const sql = sqlOf(this.dataSource.manager);
    const teacherId = request.teacherId || ownTeacherId(principal);
    if (teacherId !== principal.teacherId) assertAdminOver(principal, (await unitOf(sql, this.credits, teacherId)).orgPath, 'reading credits');
    const year = request.year || currentYear();
    const cycle = cycleOf(await this.credits.cycles(sql), year);
    if (!cycle) throw new ProgressError('invalid_argument', `no certification cycle contains ${year}`);
    const records = await this.credits.listForTeacher(sql, teacherId, { from: cycle.firstYear, to: cycle.lastYear });
    const summary = cycleSummary(cycle, records);
    return {
      teacherId,
      cycle: { firstYear: cycle.firstYear, lastYear: cycle.lastYear, targetHours: cycle.targetHours },
      totalHours: summary.totalHours,
      remainingHours: summary.remainingHours,
      byYear: summary.byYear,
      credits: records.map(creditMessage),
    };
  }
}

/** Defines a certification cycle (province admins): years and target hours are data, not code. Cycles never overlap. */
export class SaveCertificationCycleUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credits: CreditRepository,
  ) {}

  async execute(principal: Principal, request: progress.SaveCertificationCycleRequest): Promise<progressEntities.CertificationCycle> {
    requireRole(principal, ['province-admin'], 'defining certification cycles');
    const cycle: CertificationCycle = { firstYear: request.cycle?.firstYear ?? 0, lastYear: request.cycle?.lastYear ?? 0, targetHours: request.cycle?.targetHours ?? 0 };
    const problems: string[] = [];
    if (cycle.firstYear < 2000 || cycle.firstYear > 2100) problems.push('first_year: from 2000 to 2100');
    if (cycle.lastYear < cycle.firstYear || cycle.lastYear - cycle.firstYear > 9) problems.push('last_year: from first_year to 9 years after it');
    if (!(cycle.targetHours > 0 && cycle.targetHours <= 2000)) problems.push('target_hours: more than 0, at most 2000');
    if (problems.length > 0) throw new ProgressError('invalid_argument', problems.join('; '));
    return this.dataSource.transaction(async (manager) => {
      const sql = sqlOf(manager);
      const clash = (await this.credits.cycles(sql, { lock: true })).find((c) => c.firstYear !== cycle.firstYear && c.firstYear <= cycle.lastYear && cycle.firstYear <= c.lastYear);
      if (clash) throw new ProgressError('cycle_overlaps', `${cycle.firstYear}-${cycle.lastYear} overlaps the cycle ${clash.firstYear}-${clash.lastYear}`);
      await this.credits.saveCycle(sql, cycle);
      return cycle;
    });
  }
}
