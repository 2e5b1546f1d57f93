import { describe, expect, it } from 'vitest'
import { fenToWanInput, formatWan, parseWanToFen, sumFen } from '@/utils/money'

describe('money (万元 ↔ fen)', () => {
  it('formats fen as 万元 with two decimals and grouping', () => {
    expect(formatWan(12_500_000_000)).toBe('12,500.00')
    expect(formatWan(1_250_000_000)).toBe('1,250.00')
    expect(formatWan(0)).toBe('0.00')
    expect(formatWan(1_000_000)).toBe('1.00')
    expect(formatWan(123_456_789)).toBe('123.46') // rounds half up
    expect(formatWan(5_000)).toBe('0.01')
    expect(formatWan(4_999)).toBe('0.00')
    expect(formatWan(-2_500_000)).toBe('-2.50')
    expect(formatWan(null)).toBe('—')
  })

  it('parses 万元 input into integer fen without float drift', () => {
    expect(parseWanToFen('1250')).toBe(1_250_000_000)
    expect(parseWanToFen('1,250.5')).toBe(1_250_500_000)
    expect(parseWanToFen('0.1')).toBe(100_000)
    expect(parseWanToFen('0.29')).toBe(290_000) // 0.29 * 1e6 = 289999.99999999994 in floats
    expect(parseWanToFen('1.000001')).toBe(1_000_001)
    expect(parseWanToFen(' 30 ')).toBe(30_000_000)
    expect(parseWanToFen('１２５０．５')).toBe(1_250_500_000)
    expect(parseWanToFen('')).toBeNull()
    expect(parseWanToFen('abc')).toBeNaN()
    expect(parseWanToFen('-1')).toBeNaN()
    expect(parseWanToFen('1.0000001')).toBeNaN()
  })

  it('round-trips through the input representation', () => {
    for (const fen of [0, 1, 100_000, 290_000, 1_250_500_000, 123_456_789]) {
      expect(parseWanToFen(fenToWanInput(fen))).toBe(fen)
    }
    expect(fenToWanInput(1_250_500_000)).toBe('1250.5')
    expect(fenToWanInput(null)).toBe('')
  })

  it('sums integers', () => {
    expect(sumFen([100_000, 200_000, null, undefined, 290_000])).toBe(590_000)
  })
})
