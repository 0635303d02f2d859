/** GB 11643 check, written from the standard independently of the code under test (tests only). */
export function gb11643Valid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const checks = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
  const sum = weights.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return checks[sum % 11] === id[17];
}
