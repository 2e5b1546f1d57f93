import { describe, expect, it } from 'vitest'
import { i18n, t as translate } from '@/i18n'
import { trancheLabel, trancheOrder } from '@/views/funding/labels'
import { fundingApi } from '@/api/funding'

describe('funding labels', () => {
  // the plain translate of the app (i18n.global.t's generic type is too deep for the checker here)
  const t = ((k: string, n?: Record<string, unknown>) => translate(k, n)) as unknown as Parameters<typeof trancheLabel>[0]
  it('names tranches', () => {
    i18n.global.locale.value = 'zh-CN'
    expect(trancheLabel(t, 'startup')).toBe('启动资金')
    expect(trancheLabel(t, 'stage-2')).toBe('第 2 阶段')
    expect(trancheLabel(t, 'final_award')).toBe('最终奖励')
    expect(trancheLabel(t, 'bonus')).toBe('bonus')
  })
  it('orders tranches in time', () => {
    const ts = ['final_award', 'stage-10', 'stage-2', 'startup']
    expect([...ts].sort((a, b) => trancheOrder(a) - trancheOrder(b))).toEqual(['startup', 'stage-2', 'stage-10', 'final_award'])
  })
  it('builds the dashboard download path with the filters', () => {
    expect(fundingApi.dashboardXlsxPath({})).toBe('/programme/dashboard.xlsx')
    expect(fundingApi.dashboardXlsxPath({ year: 2026, field: 'energy' })).toBe('/programme/dashboard.xlsx?year=2026&field=energy')
  })
})
