import { IdentityError } from '../identity.error.js';

/** An enum filter of a list request: unspecified (0) means "any"; a value that names nothing is refused. */
export function enumFilter<T>(value: number, fromProto: (v: never) => T | null, field: string): T | null {
  return value === 0 ? null : knownEnum(value, fromProto, field);
}

/** An optional enum field (proto3 `optional`): absent stays absent. */
export function optionalEnum<T>(value: number | undefined, fromProto: (v: never) => T | null, field: string): T | undefined {
  return value === undefined ? undefined : knownEnum(value, fromProto, field);
}

function knownEnum<T>(value: number, fromProto: (v: never) => T | null, field: string): T {
  const mapped = fromProto(value as never);
  if (mapped === null) throw new IdentityError('invalid_argument', `${field} ${value} is not a known value`);
  return mapped;
}
