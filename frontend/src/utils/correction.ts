import type { Bid } from '@/api/types'
import { t } from '@/i18n'

export type Correction = NonNullable<Bid['correction']>
export type Defect = NonNullable<Correction['defects']>[number]

/** The content fields a correction may name, in the bid's order, and "attachments" for a missing document. */
export const CORRECTION_FIELDS = ['pi', 'lead_share_pct', 'partners', 'members', 'approach', 'plan', 'budget', 'commitment_signed', 'integrity_pledge_signed', 'attachments']

/** Whether a correction still holds the bid (the team may correct it). */
export function pendingCorrection(b: Bid | null | undefined): Correction | null {
  const c = b?.correction
  return c && (c.status === 'open' || c.status === 'resubmitted') ? c : null
}

/** What a defect names, as people say it: a field's name or an attachment's file name. */
export function defectTarget(d: Defect, attachments: { id: number; filename: string }[] | null | undefined = []): string {
  if (d.attachment_id) {
    const a = (attachments ?? []).find((x) => x.id === d.attachment_id)
    return t('bid.correctionFile', { name: a?.filename ?? '#' + d.attachment_id })
  }
  return d.field ? t('bid.correctionFields.' + d.field) : ''
}
