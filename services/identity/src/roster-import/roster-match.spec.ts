import type { TeacherRecord } from '../teachers/teacher.repository.js';
import { matchWithRoster } from './roster-match.js';
import type { TeacherCandidate } from './roster-row.js';

const school = { id: 'u1', path: '/37/3701/370102/S0001', name: '第一实验小学', code: 'S0001' };
const candidate: TeacherCandidate = { name: '张伟', idNumber: '11010519491231002X', gender: 'male', stage: 'primary', subject: '数学', title: '一级教师', phone: '13900000000', unit: school };
const existing: TeacherRecord = {
  id: 't1',
  orgId: 'u1',
  orgPath: school.path,
  name: '张伟',
  idNumberEnc: Buffer.alloc(0),
  idNumberHash: 'h',
  idNumberMasked: '110105********002X',
  gender: 'male',
  stage: 'primary',
  subject: '数学',
  title: '一级教师',
  phoneEnc: Buffer.from('sealed'),
  status: 'in_service',
};
const context = { importOrgPath: '/37/3701/370102', existingPhone: () => '13900000000', unitName: (id: string) => (id === 'u2' ? '实验中学' : undefined) };

describe('matchWithRoster', () => {
  it('creates a teacher whose ID number is not on the roster', () => {
    expect(matchWithRoster(candidate, undefined, context)).toEqual({ kind: 'create' });
  });

  it('leaves an identical teacher alone, so importing a file again changes nothing', () => {
    expect(matchWithRoster(candidate, existing, context)).toEqual({ kind: 'unchanged' });
    expect(matchWithRoster({ ...candidate, phone: '' }, { ...existing, phoneEnc: null }, { ...context, existingPhone: () => null })).toEqual({ kind: 'unchanged' });
  });

  it('reports every changed field instead of overwriting it; the stored phone is not shown', () => {
    const changed = { ...candidate, name: '张玮', stage: 'middle' as const, title: '高级教师', phone: '13900000001' };
    expect(matchWithRoster(changed, existing, context)).toEqual({
      kind: 'conflict',
      problems: [
        { column: 'name', reason: '花名册中为“张伟”；导入不修改已有教师，请通过信息修正更改' },
        { column: 'stage', reason: '花名册中为“小学”；导入不修改已有教师，请通过信息修正更改' },
        { column: 'title', reason: '花名册中为“一级教师”；导入不修改已有教师，请通过信息修正更改' },
        { column: 'phone', reason: '与花名册中的手机号不同；导入不修改已有教师，请通过信息修正更改' },
      ],
    });
  });

  it('does not move a teacher registered at another unit of the area', () => {
    expect(matchWithRoster(candidate, { ...existing, orgId: 'u2', orgPath: '/37/3701/370102/S0002' }, context)).toEqual({
      kind: 'conflict',
      problems: [{ column: 'school', reason: '该教师已在“实验中学”登记；导入不调动教师，请通过调动办理' }],
    });
  });

  it('refuses, without describing them, teachers outside the import, departed or retired', () => {
    const outside = matchWithRoster(candidate, { ...existing, orgId: 'q1', orgPath: '/37/3702/370202/S0001', name: '李四' }, context);
    expect(outside).toEqual({ kind: 'conflict', problems: [{ column: 'idNumber', reason: '该身份证号已在本次导入范围以外的单位登记；如需调入，请由上级管理员办理调动' }] });
    expect(JSON.stringify(outside)).not.toContain('李四');
    expect(matchWithRoster(candidate, { ...existing, status: 'departed' }, context)).toEqual({ kind: 'conflict', problems: [{ column: 'idNumber', reason: '该教师在离职教师库中；请用“调入离职教师”办理，而不是重新导入' }] });
    expect(matchWithRoster(candidate, { ...existing, status: 'retired' }, context)).toMatchObject({ kind: 'conflict', problems: [{ column: 'idNumber', reason: '该教师已退休，不能导入' }] });
  });
});
