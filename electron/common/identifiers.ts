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

export function isValidPostalCode(value: string): boolean {
  return /^\d{2}-\d{3}$/.test(value);
}
