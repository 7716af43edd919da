/** Check digits of Polish registry numbers (docs/DOMAIN-signatures.md §7.1). */

function digitsOf(value: string, length: number): number[] | null {
  if (!new RegExp(`^\\d{${length}}$`).test(value)) return null;
  return [...value].map(Number);
}

export function isValidPesel(value: string): boolean {
  const d = digitsOf(value, 11);
  if (!d) return false;
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = weights.reduce((acc, w, i) => acc + w * d[i]!, 0);
  return (10 - (sum % 10)) % 10 === d[10];
}

export function isValidNip(value: string): boolean {
  const d = digitsOf(value, 10);
  if (!d) return false;
  const weights = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  const check = weights.reduce((acc, w, i) => acc + w * d[i]!, 0) % 11;
  return check !== 10 && check === d[9];
}

/** Σ(weights × digits) mod 11, where 10 counts as 0 (REGON). */
function mod11Check(d: number[], weights: number[]): number {
  return (weights.reduce((acc, w, i) => acc + w * d[i]!, 0) % 11) % 10;
}

/** REGON of 9 digits, or 14 digits: a local unit whose first 9 digits are its parent's REGON. */
export function isValidRegon(value: string): boolean {
  const d = digitsOf(value, value.length === 14 ? 14 : 9);
  if (!d) return false;
  if (mod11Check(d, [8, 9, 2, 3, 4, 5, 6, 7]) !== d[8]) return false;
  return d.length === 9 || mod11Check(d, [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]) === d[13];
}

/** KRS number: 10 digits, no check digit (the register assigns them in sequence). */
export function isValidKrs(value: string): boolean {
  return digitsOf(value, 10) !== null;
}

export function isValidPostalCode(value: string): boolean {
  return /^\d{2}-\d{3}$/.test(value);
}
