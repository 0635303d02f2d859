import { changedFields, type TeacherCorrectionFields } from './update-teacher.use-case.js';

const record: TeacherCorrectionFields = { name: '王芳', idNumber: '11010519491231002X', gender: 'female', stage: 'primary', subject: '数学', title: '', phone: '' };

describe('changedFields', () => {
  it('names the changed fields as the event spells them, never their values', () => {
    expect(changedFields(record, { ...record, idNumber: '110105194912310029', phone: '13800000000', subject: '语文' })).toEqual(['id_number', 'subject', 'phone']);
  });

  it('is empty when nothing changed', () => {
    expect(changedFields(record, { ...record })).toEqual([]);
  });
});
