import { qualifyingRole, roleQualification, standardProblem } from './role-qualification.js';

const trainee = { coursesRequired: true, dutyConfirmationRequired: false };
const leader = { coursesRequired: true, dutyConfirmationRequired: true };
const tutor = { coursesRequired: false, dutyConfirmationRequired: true };

describe('qualifyingRole', () => {
  it('holds a member who leads a group to the leader standard, whatever they enrolled as', () => {
    expect(qualifyingRole('trainee', true)).toBe('group_leader');
    expect(qualifyingRole('group_leader', true)).toBe('group_leader');
  });

  it('keeps the enrolled role otherwise (an enrolled leader who leads no group stays a leader)', () => {
    expect(qualifyingRole('trainee', false)).toBe('trainee');
    expect(qualifyingRole('group_leader', false)).toBe('group_leader');
    expect(qualifyingRole('tutor', false)).toBe('tutor');
  });
});

describe('roleQualification', () => {
  it('qualifies a trainee on the courses alone', () => {
    expect(roleQualification(trainee, { coursesQualified: true, dutyConfirmed: false })).toEqual({ qualified: true, missing: [] });
    expect(roleQualification(trainee, { coursesQualified: false, dutyConfirmed: true })).toEqual({ qualified: false, missing: ['courses'] });
  });

  it('needs both the courses and the confirmed duty of a leader', () => {
    expect(roleQualification(leader, { coursesQualified: true, dutyConfirmed: false })).toEqual({ qualified: false, missing: ['duty'] });
    expect(roleQualification(leader, { coursesQualified: false, dutyConfirmed: false })).toEqual({ qualified: false, missing: ['courses', 'duty'] });
    expect(roleQualification(leader, { coursesQualified: true, dutyConfirmed: true }).qualified).toBe(true);
  });

  it('qualifies a tutor on the confirmed duty without courses', () => {
    expect(roleQualification(tutor, { coursesQualified: false, dutyConfirmed: true })).toEqual({ qualified: true, missing: [] });
    expect(roleQualification(tutor, { coursesQualified: true, dutyConfirmed: false })).toEqual({ qualified: false, missing: ['duty'] });
  });

  it('qualifies nobody of a role without a standard', () => {
    expect(roleQualification(null, { coursesQualified: true, dutyConfirmed: true })).toEqual({ qualified: false, missing: ['standard'] });
  });
});

describe('standardProblem', () => {
  it('refuses a standard that asks for nothing', () => {
    expect(standardProblem({ coursesRequired: false, dutyConfirmationRequired: false })).toMatch(/needs/);
    expect(standardProblem(tutor)).toBeNull();
  });
});
