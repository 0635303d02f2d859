import { roster, teacher as teacherContract, transfer as transferContract } from '@yanxiu/contracts';
import { ACCOUNT_SYNCS } from '../teachers/teacher.dto.js';
import { transferResultView } from './transfer.mapper.js';

const teacher: teacherContract.Teacher = {
  id: 't',
  name: '王芳',
  idNumberMasked: '370102********1234',
  gender: teacherContract.Gender.GENDER_FEMALE,
  orgId: 'to',
  orgPath: '/37/3701/370102/S0002',
  stage: teacherContract.Stage.STAGE_MIDDLE,
  subject: '英语',
  title: '',
  status: teacherContract.TeacherStatus.TEACHER_STATUS_IN_SERVICE,
};
const transfer: transferContract.TeacherTransfer = {
  id: 'x',
  teacherId: 't',
  fromOrgId: 'from',
  fromOrgPath: '/37/3701/370102/S0001',
  toOrgId: 'to',
  toOrgPath: '/37/3701/370102/S0002',
  kind: transferContract.TransferKind.TRANSFER_KIND_WITHIN_COUNTY,
  byUsername: 'county-admin',
  transferredAt: '2026-03-01T08:00:00.000Z',
};

describe('a transfer', () => {
  it('says what became of the account, by every name the API documents', () => {
    const S = roster.AccountSync;
    const outcomes = [S.ACCOUNT_SYNC_NOT_NEEDED, S.ACCOUNT_SYNC_SYNCED, S.ACCOUNT_SYNC_OWED, S.ACCOUNT_SYNC_USERNAME_TAKEN].map(
      (accountSync) => transferResultView({ teacher, transfer, movedEnrollments: [], accountSync }).accountSync,
    );
    expect(outcomes).toEqual([...ACCOUNT_SYNCS]);
    expect(transferResultView({ teacher, transfer, movedEnrollments: [], accountSync: S.ACCOUNT_SYNC_OWED })).toMatchObject({
      teacher: { id: 't', orgPath: '/37/3701/370102/S0002', status: 'in_service' },
      transfer: { kind: 'within_county', toOrgId: 'to' },
      movedEnrollments: [],
      accountSync: 'owed',
    });
  });
});
