import { successorLeader } from './leave-study-groups.js';

describe('successorLeader', () => {
  it('prefers a member enrolled as 研修组长, who leads as enrolled', () => {
    expect(successorLeader([{ teacherId: 'a', role: 'trainee' }, { teacherId: 'b', role: 'group_leader' }])).toEqual({ teacherId: 'b', source: 'enrolled' });
  });

  it('otherwise picks the first member provisionally, for the admin to confirm', () => {
    expect(successorLeader([{ teacherId: 'a', role: 'trainee' }, { teacherId: 'b', role: 'trainee' }])).toEqual({ teacherId: 'a', source: 'provisional' });
  });

  it('names nobody when nobody is left', () => {
    expect(successorLeader([])).toBeNull();
  });
});
