import { afterEach, describe, expect, it } from 'vitest'
import type { Challenge } from '@/api/types'
import { setLocale } from '@/i18n'
import { planFor, stageTerms } from '@/utils/bid'

const challenge = {
  kpis: [{ name: '准确率', target: 95, unit: '%', comparison: '>=', method: '' }],
  stages: [
    { name: '中期', offset_months: 12, funding_share_pct: 30, keep_top: null, min_score: 60 },
    { name: '验收', offset_months: 24, funding_share_pct: 70, keep_top: null, min_score: 60 },
  ],
} as unknown as Challenge

afterEach(() => setLocale('zh-CN'))

describe('the bid editor starts its stage plan from the challenge', () => {
  it('has one row per stage of the challenge, with a target slot for every KPI, when the bid has no plan yet', () => {
    expect(planFor(challenge, null)).toEqual([
      { stage: 1, kpi_targets: { 准确率: null }, deliverables: '' },
      { stage: 2, kpi_targets: { 准确率: null }, deliverables: '' },
    ])
  })
  it('keeps what the bid already says for a stage', () => {
    const plan = planFor(challenge, [{ stage: 2, kpi_targets: { 准确率: 96 }, deliverables: '样机' }])
    expect(plan[1]).toEqual({ stage: 2, kpi_targets: { 准确率: 96 }, deliverables: '样机' })
    expect(plan[0].deliverables).toBe('')
  })
  it("names each stage's due month and funding share from the challenge's own plan", () => {
    setLocale('zh-CN')
    expect(stageTerms(challenge, 0)).toBe('第 12 个月到期 · 拨付财政资金的 30%')
    expect(stageTerms(challenge, 1)).toBe('第 24 个月到期 · 拨付财政资金的 70%')
    setLocale('en')
    expect(stageTerms(challenge, 1)).toBe('due in month 24 · 70% of the public funding')
    expect(stageTerms(challenge, 2)).toBe('')
    expect(stageTerms(null, 0)).toBe('')
  })
})
