/**
 * Jurisdiction acceptance for the departed-pool lookup by ID number (调入离职教师): every admin of the
 * province finds every departed teacher, wherever they left from; nobody finds anyone else — in
 * service or retired, in their own subtree or not — so the lookup can't tell who works where.
 * Over every (principal, teacher) pair of the generated tree (jurisdiction-harness.ts).
 */
import type { Principal } from '@yanxiu/auth';
import { OrgRepository } from '../../src/orgs/org.repository.js';
import { CreateTeacherUseCase } from '../../src/teachers/create-teacher.use-case.js';
import { PersonalDataReadRepository } from '../../src/teachers/personal-data-read.repository.js';
import { RetireTeacherUseCase } from '../../src/teachers/retire-teacher.use-case.js';
import { TeacherRepository, type TeacherRecord } from '../../src/teachers/teacher.repository.js';
import { LookupDepartedTeacherUseCase } from '../../src/transfers/lookup-departed-teacher.use-case.js';
import { DepartTeacherUseCase } from '../../src/transfers/transfer-teacher.use-case.js';
import { TransferRepository } from '../../src/transfers/transfer.repository.js';
import { contains, describeJurisdiction, idTaking, isAdmin, once, type FixtureTeacher, type JurisdictionTree } from './jurisdiction-harness.js';

/** The tree's in-service teachers, plus a departed and a retired teacher at every unit. */
const pool = once(async (tree: JurisdictionTree): Promise<FixtureTeacher[]> => {
  const teachers = new TeacherRepository();
  const transfers = new TransferRepository();
  const create = new CreateTeacherUseCase(tree.dataSource, new OrgRepository(), teachers, tree.cipher);
  const depart = new DepartTeacherUseCase(tree.dataSource, teachers, transfers);
  const retire = new RetireTeacherUseCase(tree.dataSource, teachers, transfers);
  const provinceAdmin = tree.adminAt('province-admin', tree.province.path);
  const left: FixtureTeacher[] = [];
  for (const unit of tree.units) {
    for (const leave of [depart, retire]) {
      const idNumber = tree.nextIdNumber(unit);
      const created = await create.execute(provinceAdmin, { orgId: unit.id, name: '周敏', idNumber, gender: 'female', stage: 'primary', subject: '语文', title: '', phone: '' });
      const record: TeacherRecord = await leave.execute(provinceAdmin, created.id);
      left.push({ record, idNumber });
    }
  }
  return [...tree.teachers, ...left];
});

/** The oracle: an admin whose org path starts in the teacher's province, and a teacher in the pool. */
const findsInPool = (p: Principal, t: FixtureTeacher) => {
  const province = p.orgPath?.split('/').filter(Boolean)[0];
  return isAdmin(p) && province !== undefined && contains(`/${province}`, t.record.orgPath) && t.record.status === 'departed';
};

const lookups = new WeakMap<JurisdictionTree, LookupDepartedTeacherUseCase>();
const lookupOf = (tree: JurisdictionTree) => {
  let lookup = lookups.get(tree);
  if (!lookup) lookups.set(tree, (lookup = new LookupDepartedTeacherUseCase(tree.dataSource, new TeacherRepository(), new PersonalDataReadRepository(), tree.cipher)));
  return lookup;
};

describeJurisdiction('the departed-pool lookup', [
  idTaking<FixtureTeacher>({
    name: 'LookupDepartedTeacher (by the full ID number)',
    targets: pool,
    pathOf: (t) => t.record.orgPath,
    allows: findsInPool,
    call: (tree, p, t) => lookupOf(tree).execute(p, { idNumber: t.idNumber, reason: '调入本校前核对' }),
  }),
]);
