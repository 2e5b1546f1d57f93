/**
 * Unified social credit code (统一社会信用代码) check per GB 32100-2015.
 *
 * 18 characters from the 31-character set below (no I, O, S, V, Z). The 18th is
 * a check character computed over the first 17 with fixed weights 3^i mod 31.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export type CreditCodeProblem = 'empty' | 'length' | 'charset' | 'check'

export interface CreditCodeResult {
  valid: boolean
  /** Why it is invalid; undefined when valid. */
  problem?: CreditCodeProblem
  /** The normalised (trimmed, upper-case) code. */
  code: string
  /** The expected check character when the first 17 characters are well-formed. */
  expected?: string
}

/** Normalises user input: trims, removes inner spaces and upper-cases. */
export function normaliseCreditCode(input: string): string {
  return (input || '').replace(/\s+/g, '').toUpperCase()
}

/** Computes the check character for the first 17 characters, or null if they are malformed. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i])
    if (v < 0) return null
    sum += v * CREDIT_CODE_WEIGHTS[i]
  }
  const check = (31 - (sum % 31)) % 31
  return CREDIT_CODE_CHARSET[check]
}

/** Validates a unified social credit code, reporting the first problem found. */
export function checkCreditCode(input: string): CreditCodeResult {
  const code = normaliseCreditCode(input)
  if (code === '') return { valid: false, problem: 'empty', code }
  for (const ch of code) {
    if (!CREDIT_CODE_CHARSET.includes(ch)) return { valid: false, problem: 'charset', code }
  }
  if (code.length !== 18) return { valid: false, problem: 'length', code }
  const expected = creditCodeCheckChar(code.slice(0, 17))!
  if (expected !== code[17]) return { valid: false, problem: 'check', code, expected }
  return { valid: true, code }
}

/** True when the input is a valid unified social credit code. */
export function isValidCreditCode(input: string): boolean {
  return checkCreditCode(input).valid
}
