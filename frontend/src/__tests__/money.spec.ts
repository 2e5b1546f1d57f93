import { describe, expect, it } from 'vitest'
import { fenToInput, fenToWanInput, formatWan, formatWanNumber, moneyFieldMessage, parseMoneyInput, parseWanToFen, sumFen } from '@/utils/money'
import { ApiError } from '@/api/error'
import { setLocale } from '@/i18n'

describe('money (万元 ↔ fen)', () => {
  it('formats fen as 万元 with two decimals and grouping', () => {
    expect(formatWanNumber(12_500_000_000)).toBe('12,500.00')
    expect(formatWanNumber(1_250_000_000)).toBe('1,250.00')
    expect(formatWanNumber(0)).toBe('0.00')
    expect(formatWanNumber(1_000_000)).toBe('1.00')
    expect(formatWanNumber(123_456_789)).toBe('123.46') // rounds half up
    expect(formatWanNumber(5_000)).toBe('0.01')
    expect(formatWanNumber(4_999)).toBe('0.00')
    expect(formatWanNumber(-2_500_000)).toBe('-2.50')
    expect(formatWanNumber(null)).toBe('—')
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

  it('says amounts in the reader\'s unit: 万元 in Chinese, CNY in English', () => {
    setLocale('zh-CN')
    expect(formatWan(500_000_000)).toBe('500.00 万元')
    expect(formatWan(500_000_000, { locale: 'en' })).toBe('CNY 5,000,000')
    expect(formatWan(500_000_050, { locale: 'en' })).toBe('CNY 5,000,000.50')
    expect(formatWan(500_000_000, { locale: 'en', compact: true })).toBe('CNY 5.00 M')
    expect(formatWan(1_250_000, { locale: 'en', compact: true })).toBe('CNY 12,500')
    expect(formatWan(null)).toBe('—')
  })

  it('reads typed amounts in the unit of the language', () => {
    expect(parseMoneyInput('500', 'wan')).toBe(500_000_000)
    expect(parseMoneyInput('5,000,000', 'yuan')).toBe(500_000_000)
    expect(parseMoneyInput('12.5', 'yuan')).toBe(1_250)
    expect(parseMoneyInput('12.345', 'yuan')).toBeNaN()
    expect(parseMoneyInput('', 'yuan')).toBeNull()
    expect(fenToInput(500_000_050, 'yuan')).toBe('5000000.5')
    expect(fenToInput(500_000_000, 'wan')).toBe('500')
  })

  it('says a money field\'s server limits (fen) in the user\'s unit', () => {
    const body = {
      code: 'validation_failed',
      message: '提交的内容有误',
      details: {
        fields: { budget_fen: '应在 0 到 1000000000000 之间', title: '此项为必填项' },
        field_codes: { budget_fen: 'out_of_range', title: 'required' },
        field_params: { budget_fen: { min: 0, max: 1_000_000_000_000 } },
      },
    }
    setLocale('zh-CN')
    expect(new ApiError(422, body).fields.budget_fen).toBe('应在 0.00 万元 到 1,000,000.00 万元 之间')
    expect(new ApiError(422, body).fields.title).toBe('此项为必填项')
    setLocale('en')
    expect(new ApiError(422, body).fields.budget_fen).toBe('must be between CNY 0 and CNY 10,000,000,000')
    expect(moneyFieldMessage('title', 'out_of_range', { min: 0, max: 1 })).toBe('')
    setLocale('zh-CN')
  })
})

describe('amounts below 0.01 万元 and rounded parts', () => {
  it('reads small amounts in 元, never 0.00 万元', async () => {
    const { formatWan } = await import('@/utils/money')
    expect(formatWan(900)).toBe('9.00 元')
    expect(formatWan(1)).toBe('0.01 元')
    expect(formatWan(9_999)).toBe('99.99 元')
    expect(formatWan(-900)).toBe('-9.00 元')
    expect(formatWan(10_000)).toBe('0.01 万元')
    expect(formatWan(0)).toBe('0.00 万元')
    expect(formatWan(900, { locale: 'en' })).toBe('CNY 9')
  })
  it('rounds parts so that they add up to the rounded total', async () => {
    const { roundPartsToWan, formatWanNumber } = await import('@/utils/money')
    // three thirds of 1 万元: 0.33 + 0.33 + 0.33 would show 0.99 beside a total of 1.00
    const parts = [333_333, 333_333, 333_334]
    const r = roundPartsToWan(parts)
    expect(r.reduce((a, b) => a + b, 0)).toBe(1_000_000)
    expect(r.map((x) => formatWanNumber(x))).toEqual(['0.33', '0.33', '0.34'])
    const q = roundPartsToWan([5_000, 5_000, 5_000])
    expect(formatWanNumber(q.reduce((a, b) => a + b, 0))).toBe(formatWanNumber(15_000))
    expect(roundPartsToWan([])).toEqual([])
  })
})
