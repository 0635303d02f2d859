import { randomUUID } from 'node:crypto';
import { idNumberProblemText, maskIdNumber, validateIdNumber } from './id-number.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import type { Gender, Stage, TeacherRecord } from './teacher.repository.js';

/** A teacher's fields as an admin enters them (one by one or in an Excel roster), before they are sealed. */
export interface TeacherFields {
  name: string;
  idNumber: string;
  /** Null when the caller could not read a stage (it reports that itself); stage-dependent rules are then skipped. */
  stage: Stage | null;
  subject: string;
  title: string;
  phone: string;
}

export type TeacherField = keyof TeacherFields;

export interface TeacherFieldProblem {
  field: TeacherField;
  /** In Chinese: shown to the admins who fix the data. */
  reason: string;
}

/** Column sizes of the teachers table; longer values could not be stored. */
export const TEACHER_TEXT_LIMITS = { name: 50, subject: 32, title: 32 } as const;

/** Characters as the database counts them (a rare-character name is one per code point, not per UTF-16 unit). */
const length = (text: string) => [...text].length;

/**
 * Every reason the fields cannot go on the roster, field by field (empty when they can). One place
 * for the rules, so a teacher added by hand and one imported from Excel are checked alike.
 */
export function teacherFieldProblems(fields: TeacherFields, today: Date = new Date()): TeacherFieldProblem[] {
  const problems: TeacherFieldProblem[] = [];
  const name = fields.name.trim();
  if (!name || length(name) > TEACHER_TEXT_LIMITS.name) problems.push({ field: 'name', reason: `姓名必须为1–${TEACHER_TEXT_LIMITS.name}个字符` });
  const idProblem = validateIdNumber(fields.idNumber, today);
  if (idProblem) problems.push({ field: 'idNumber', reason: idNumberProblemText[idProblem] });
  const subject = fields.subject.trim();
  if (fields.stage !== null && fields.stage !== 'kindergarten' && !subject) problems.push({ field: 'subject', reason: '除幼儿园外必须填写学科' });
  if (length(subject) > TEACHER_TEXT_LIMITS.subject) problems.push({ field: 'subject', reason: `学科不能超过${TEACHER_TEXT_LIMITS.subject}个字符` });
  if (length(fields.title.trim()) > TEACHER_TEXT_LIMITS.title) problems.push({ field: 'title', reason: `职称不能超过${TEACHER_TEXT_LIMITS.title}个字符` });
  if (fields.phone && !/^1\d{10}$/.test(fields.phone)) problems.push({ field: 'phone', reason: '手机号必须是以1开头的11位数字' });
  return problems;
}

/** A new in-service teacher of `unit`, personal data sealed: call only with fields that have no problems. */
export function sealNewTeacher(
  cipher: PersonalDataCipher,
  unit: { id: string; path: string },
  fields: { name: string; idNumber: string; gender: Gender; stage: Stage; subject: string; title: string; phone: string },
): TeacherRecord {
  return {
    id: randomUUID(),
    orgId: unit.id,
    orgPath: unit.path,
    name: fields.name.trim(),
    idNumberEnc: cipher.encrypt(fields.idNumber),
    idNumberHash: cipher.lookupHash(fields.idNumber),
    idNumberMasked: maskIdNumber(fields.idNumber),
    gender: fields.gender,
    stage: fields.stage,
    subject: fields.subject.trim(),
    title: fields.title.trim(),
    phoneEnc: fields.phone ? cipher.encrypt(fields.phone) : null,
    status: 'in_service',
  };
}
