// Review rounds as officers read them: a round is named by its kind and its stage, and a challenge has at most
// one round not yet closed per kind and stage (the server refuses a second with 409 round_exists).
import type { Round, RoundKind } from '@/api/review'

type T = (key: string, params?: Record<string, unknown>) => string

/** The stage a round reviews: an acceptance round without a stage reviews the last one. */
export function effectiveStage(kind: RoundKind | string, stage: number | undefined, stages: number): number {
  return kind === 'acceptance' && !stage ? stages : stage ?? 0
}

/** A round's name: its kind, then its stage when it has one ("阶段考核 · 第 2 阶段"). */
export function roundName(t: T, kind: RoundKind | string, stage?: number, stageName?: string): string {
  const k = t('review.kind.' + kind)
  if (!stage) return k
  const s = t('review.stageN', { n: stage })
  return stageName ? `${k} · ${s}（${stageName}）` : `${k} · ${s}`
}

/** Whether a round of kind on stage is still open (open or assigned) among rounds. */
export function hasOpenRound(rounds: Pick<Round, 'kind' | 'stage' | 'status'>[], kind: RoundKind, stage: number, stages: number): boolean {
  const want = effectiveStage(kind, stage, stages)
  return rounds.some((r) => r.kind === kind && r.status !== 'closed' && effectiveStage(r.kind, r.stage, stages) === want)
}

/**
 * The stages a new stage review may take (every stage before the last, which the acceptance reviews, that has
 * no round still open) and the one it defaults to: the first with no stage review round at all, else the first
 * offered; 0 when none is offered.
 */
export function stageChoices(rounds: Pick<Round, 'kind' | 'stage' | 'status'>[], stages: number): { offered: number[]; initial: number } {
  const offered: number[] = []
  for (let s = 1; s < stages; s++) if (!hasOpenRound(rounds, 'stage_review', s, stages)) offered.push(s)
  const reviewed = new Set(rounds.filter((r) => r.kind === 'stage_review').map((r) => r.stage))
  const initial = offered.find((s) => !reviewed.has(s)) ?? offered[0] ?? 0
  return { offered, initial }
}
