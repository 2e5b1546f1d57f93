import { describe, expect, it } from 'vitest'
import { kpiTargetsLine, kpiValue } from '@/utils/challenge'

describe('kpiValue', () => {
  it('shows computed decimals as people wrote them and leaves ordinary values alone', () => {
    expect(kpiValue(0.4 - 0.1)).toBe('0.3')
    expect(kpiValue(0.1 + 0.2)).toBe('0.3')
    expect(kpiValue(8000)).toBe('8000')
    expect(kpiValue(92.5)).toBe('92.5')
    expect(kpiValue(0.000125)).toBe('0.000125')
    expect(kpiValue(null)).toBe('—')
  })
  it('writes a stage plan line', () => {
    expect(kpiTargetsLine({ 铂载量: 0.4 - 0.1, 寿命: 20 })).toBe('铂载量 0.3；寿命 20')
    expect(kpiTargetsLine(undefined)).toBe('')
  })
})
