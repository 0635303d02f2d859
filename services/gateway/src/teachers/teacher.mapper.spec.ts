import { roster, teacher as teacherContract } from '@yanxiu/contracts';
import { ACCOUNT_SYNCS } from './teacher.dto.js';
import { correctedTeacherView } from './teacher.mapper.js';

const teacher: teacherContract.Teacher = {
  id: 't',
  name: '王芳',
  idNumberMasked: '370102********1234',
  gender: teacherContract.Gender.GENDER_FEMALE,
  orgId: 'o',
  orgPath: '/37/3701/370102/S0001',
  stage: teacherContract.Stage.STAGE_MIDDLE,
  subject: '英语',
  title: '',
  status: teacherContract.TeacherStatus.TEACHER_STATUS_IN_SERVICE,
};

describe('a corrected teacher', () => {
  it('says what became of the account, by every name the API documents', () => {
    const S = roster.AccountSync;
    const outcomes = [S.ACCOUNT_SYNC_NOT_NEEDED, S.ACCOUNT_SYNC_SYNCED, S.ACCOUNT_SYNC_OWED, S.ACCOUNT_SYNC_USERNAME_TAKEN].map((accountSync) => correctedTeacherView({ teacher, accountSync }).accountSync);
    expect(outcomes).toEqual([...ACCOUNT_SYNCS]);
    expect(correctedTeacherView({ teacher, accountSync: S.ACCOUNT_SYNC_USERNAME_TAKEN })).toMatchObject({ id: 't', gender: 'female', stage: 'middle', status: 'in_service', accountSync: 'username_taken' });
  });
});
