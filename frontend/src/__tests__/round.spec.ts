import { describe, expect, it } from 'vitest'
import { hasOpenRound, roundName, stageChoices } from '@/utils/round'

type R = { kind: 'validation' | 'bid_review' | 'stage_review' | 'acceptance'; stage: number; status: 'open' | 'assigned' | 'closed' }

describe('opening a review round', () => {
  it('offers the stages before the last without an open round and starts on the first without any round', () => {
    expect(stageChoices([], 3)).toEqual({ offered: [1, 2], initial: 1 })
    const closed1: R[] = [{ kind: 'stage_review', stage: 1, status: 'closed' }]
    expect(stageChoices(closed1, 3)).toEqual({ offered: [1, 2], initial: 2 })
    const open2: R[] = [...closed1, { kind: 'stage_review', stage: 2, status: 'assigned' }]
    expect(stageChoices(open2, 3)).toEqual({ offered: [1], initial: 1 })
    expect(stageChoices([{ kind: 'stage_review', stage: 1, status: 'open' }], 2)).toEqual({ offered: [], initial: 0 })
    expect(stageChoices([], 1)).toEqual({ offered: [], initial: 0 })
  })
  it('knows a kind with a round still open, an acceptance without a stage being the last', () => {
    const rs: R[] = [{ kind: 'bid_review', stage: 0, status: 'open' }, { kind: 'acceptance', stage: 0, status: 'assigned' }]
    expect(hasOpenRound(rs, 'bid_review', 0, 2)).toBe(true)
    expect(hasOpenRound(rs, 'validation', 0, 2)).toBe(false)
    expect(hasOpenRound(rs, 'acceptance', 2, 2)).toBe(true)
    expect(hasOpenRound([{ kind: 'bid_review', stage: 0, status: 'closed' }], 'bid_review', 0, 2)).toBe(false)
  })
  it('names a round by its kind and stage', () => {
    const t = (k: string, p?: Record<string, unknown>) => (k === 'review.stageN' ? `第 ${p?.n} 阶段` : k === 'review.kind.stage_review' ? '阶段考核' : k)
    expect(roundName(t, 'stage_review', 1)).toBe('阶段考核 · 第 1 阶段')
    expect(roundName(t, 'stage_review', 2, '中期')).toBe('阶段考核 · 第 2 阶段（中期）')
    expect(roundName(t, 'stage_review', 0)).toBe('阶段考核')
  })
})
