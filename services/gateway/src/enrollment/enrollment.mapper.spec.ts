import { enrollment, teacher } from '@yanxiu/contracts';
import { enrollmentView, myEnrollmentView } from './enrollment.mapper.js';

const row: enrollment.Enrollment = {
  id: 'e',
  projectId: 'p',
  teacherId: 't',
  teacherName: '李静',
  idNumberMasked: '370102********1234',
  orgId: 'o',
  orgPath: '/37/3701/370102/K0001',
  subject: '',
  role: enrollment.EnrollmentRole.ENROLLMENT_ROLE_TRAINEE,
  status: enrollment.EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED,
  confirmation: enrollment.ConfirmationStatus.CONFIRMATION_STATUS_CONFIRMED,
  disputeNote: '',
  version: 2,
  enrolledByUsername: 'school-admin',
  enrolledAt: '2026-03-01T02:00:00.000Z',
  updatedAt: '2026-03-02T02:00:00.000Z',
  confirmedAt: '2026-03-02T02:00:00.000Z',
  project: undefined,
};
const project: enrollment.EnrollmentProject = {
  name: '2026年幼儿园教师全员远程研修',
  year: 2026,
  stage: teacher.Stage.STAGE_KINDERGARTEN,
  study: { startDate: '2026-06-01', endDate: '2026-07-31' },
  requiredHours: 36,
};

describe("a teacher's own enrollment", () => {
  it('names its project, stage, study dates and hours beside the enrollment', () => {
    expect(myEnrollmentView({ ...row, project })).toEqual({
      ...enrollmentView(row),
      project: { name: '2026年幼儿园教师全员远程研修', year: 2026, stage: 'kindergarten', study: { start: '2026-06-01', end: '2026-07-31' }, requiredHours: 36 },
    });
  });

  it('fails loudly when identity leaves the project out', () => {
    expect(() => myEnrollmentView(row)).toThrow('service answered without the project of enrollment e');
  });
});
