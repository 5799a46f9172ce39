/**
 * China's unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
 * 31-character alphabet, the last one a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** True when `code` is a well-formed unified social credit code with the right check character. */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let index = 0; index < 17; index++)
    sum += ALPHABET.indexOf(code.charAt(index)) * (WEIGHTS[index] ?? 0);
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET.charAt(check) === code.charAt(17);
}
