import { describe, expect, it } from 'vitest'
import { checkCreditCode, creditCodeCheckChar, isValidCreditCode, normaliseCreditCode } from '@/utils/creditCode'

describe('creditCode (GB 32100-2015)', () => {
  it.each(['91350100M000100Y43', '91110000600037341L', '91440300708461136T', '9111000071093123XX'])('accepts valid code %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true)
  })

  it('computes the check character over the first 17 characters', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3')
    expect(creditCodeCheckChar('91110000600037341')).toBe('L')
    expect(creditCodeCheckChar('9111000071093123X')).toBe('X')
    expect(creditCodeCheckChar('123')).toBeNull()
    expect(creditCodeCheckChar('9111000071093123I')).toBeNull()
  })

  it('reports a wrong check character with the expected one', () => {
    const r = checkCreditCode('91350100M000100Y44')
    expect(r).toMatchObject({ valid: false, problem: 'check', expected: '3' })
  })

  it('reports wrong length, bad characters and empty input', () => {
    expect(checkCreditCode('').problem).toBe('empty')
    expect(checkCreditCode('91350100M000100Y4').problem).toBe('length')
    expect(checkCreditCode('91350100M000100Y433').problem).toBe('length')
    // I, O, S, V, Z are not part of the character set
    expect(checkCreditCode('91350100O000100Y43').problem).toBe('charset')
    expect(checkCreditCode('91350100M00-100Y43').problem).toBe('charset')
  })

  it('normalises case and spaces', () => {
    expect(normaliseCreditCode(' 91110000 60003734 1l ')).toBe('91110000600037341L')
    expect(isValidCreditCode('91110000600037341l')).toBe(true)
  })
})
