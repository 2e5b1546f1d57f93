import type { Composer } from 'vue-i18n'

/** The label of a tranche: startup, stage-N or final_award. */
export function trancheLabel(t: Composer['t'], tranche: string): string {
  if (tranche === 'startup' || tranche === 'final_award') return t('funding.tranches.' + tranche)
  const m = /^stage-(\d+)$/.exec(tranche)
  return m ? t('funding.tranches.stage', { n: Number(m[1]) }) : tranche
}

/** Orders tranches in time: startup, stage-1, stage-2, ..., final_award. */
export function trancheOrder(tranche: string): number {
  if (tranche === 'startup') return 0
  if (tranche === 'final_award') return 1e6
  const m = /^stage-(\d+)$/.exec(tranche)
  return m ? Number(m[1]) : 1e5
}
