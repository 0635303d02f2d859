import { randomBytes } from 'node:crypto';
import { checkCharacter } from './id-number.js';
import { PersonalDataCipher } from './personal-data-cipher.js';
import { sealNewTeacher, teacherFieldProblems, type TeacherFields } from './teacher-rules.js';

const today = new Date('2026-11-23T00:00:00Z');
const idNumber = '11010519491231002X';
const valid: TeacherFields = { name: '张伟', idNumber, stage: 'primary', subject: '数学', title: '一级教师', phone: '13900000000' };

describe('teacherFieldProblems', () => {
  it('finds nothing wrong with a complete record, or a kindergarten teacher without subject and phone', () => {
    expect(teacherFieldProblems(valid, today)).toEqual([]);
    expect(teacherFieldProblems({ ...valid, stage: 'kindergarten', subject: '', phone: '' }, today)).toEqual([]);
  });

  it('reports every bad field at once, each with its reason', () => {
    const first17 = idNumber.slice(0, 17);
    const wrongCheck = first17 + (checkCharacter(first17) === '0' ? '1' : '0');
    expect(teacherFieldProblems({ name: ' ', idNumber: wrongCheck, stage: 'middle', subject: '', title: '职'.repeat(33), phone: '2390000000' }, today)).toEqual([
      { field: 'name', reason: '姓名必须为1–50个字符' },
      { field: 'idNumber', reason: '身份证号校验位不正确' },
      { field: 'subject', reason: '除幼儿园外必须填写学科' },
      { field: 'title', reason: '职称不能超过32个字符' },
      { field: 'phone', reason: '手机号必须是以1开头的11位数字' },
    ]);
  });

  it('counts characters as the database does and skips stage rules when the stage is unknown', () => {
    expect(teacherFieldProblems({ ...valid, name: '𠮷'.repeat(50) }, today)).toEqual([]);
    expect(teacherFieldProblems({ ...valid, name: '𠮷'.repeat(51) }, today)).toEqual([{ field: 'name', reason: '姓名必须为1–50个字符' }]);
    expect(teacherFieldProblems({ ...valid, stage: null, subject: '' }, today)).toEqual([]);
  });
});

describe('sealNewTeacher', () => {
  it('seals the ID number and phone, keeps a lookup hash and a mask, trims the text', () => {
    const cipher = new PersonalDataCipher(randomBytes(32).toString('hex'), randomBytes(32).toString('hex'));
    const teacher = sealNewTeacher(cipher, { id: 'org-1', path: '/37/3701/370102/S0001' }, { ...valid, gender: 'male', stage: 'primary', name: ' 张伟 ', subject: ' 数学 ' });
    expect(teacher).toMatchObject({ orgId: 'org-1', orgPath: '/37/3701/370102/S0001', name: '张伟', subject: '数学', idNumberMasked: '110105********002X', status: 'in_service' });
    expect(cipher.decrypt(teacher.idNumberEnc)).toBe(idNumber);
    expect(cipher.decrypt(teacher.phoneEnc!)).toBe('13900000000');
    expect(teacher.idNumberHash).toBe(cipher.lookupHash(idNumber));
    expect(sealNewTeacher(cipher, { id: 'o', path: '/37' }, { ...valid, gender: 'female', stage: 'primary', phone: '' }).phoneEnc).toBeNull();
  });
});
