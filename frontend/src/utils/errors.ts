import { reactive } from 'vue'
import { ApiError, normaliseFieldPath } from '@/api/error'
import { t } from '@/i18n'

/**
 * Extracts the human message of an error (the server's, already in the user's language). A failure of the
 * server or the network carries its reference, "…（错误编号：3f2a…）" / "… (Error reference: 3f2a…)", the request
 * id the server logged the failure under, so a user's report can be traced.
 */
export function errorMessage(err: unknown, fallback = ''): string {
  if (err instanceof ApiError) {
    const id = err.reference
    return id ? t('common.withReference', { message: err.message, id }) : err.message
  }
  if (err instanceof Error && err.message) return err.message
  return fallback
}

/** Extracts the field errors map (field path → message) from an error; empty for other errors. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  return err instanceof ApiError ? err.fields : {}
}

/**
 * FieldErrors keeps the server's field messages for a form. Form items read
 * them by the request-body path, e.g. `errors.get('kpis[1].target')`, so a
 * message lands beside the input it is about.
 */
export class FieldErrors {
  map: Record<string, string> = {}

  /** Replaces the messages with those carried by err (or clears them). */
  set(err: unknown): void {
    this.map = fieldErrorsOf(err)
  }

  clear(): void {
    this.map = {}
  }

  /** The message for exactly this path ('' when none). */
  get(path: string): string {
    return this.map[normaliseFieldPath(path)] || ''
  }

  /** Removes the message of one field (e.g. when the user edits it). */
  drop(path: string): void {
    delete this.map[normaliseFieldPath(path)]
  }

  /** Messages at this path or below it (e.g. 'kpis' → 'kpis', 'kpis[0].name', ...). */
  under(prefix: string): string[] {
    const p = normaliseFieldPath(prefix)
    return Object.entries(this.map)
      .filter(([k]) => k === p || k.startsWith(p + '.') || k.startsWith(p + '['))
      .map(([, v]) => v)
  }

  /** Messages not claimed by any of the given paths or prefixes (shown in a summary). */
  unclaimed(claimed: string[]): Array<[string, string]> {
    const ps = claimed.map(normaliseFieldPath)
    return Object.entries(this.map).filter(
      ([k]) => !ps.some((p) => k === p || k.startsWith(p + '.') || k.startsWith(p + '[')),
    )
  }

  get any(): boolean {
    return Object.keys(this.map).length > 0
  }

  /**
   * The messages of the rows of a list, by row index and then by the path inside the row:
   * `{'kpis[1].target': 'm', 'plan[0].kpi_targets.推力': 'n'}` gives `rows('kpis')[1].target === 'm'` and
   * `rows('plan')[0]['kpi_targets.推力'] === 'n'`. A message about a whole row is under ''.
   */
  rows(list: string): Record<number, Record<string, string>> {
    return rowErrors(this.map, list)
  }
}

/** Maps server field errors (details.fields) of one list to its rows; see FieldErrors.rows. */
export function rowErrors(fields: Record<string, string>, list: string): Record<number, Record<string, string>> {
  const prefix = normaliseFieldPath(list) + '['
  const out: Record<number, Record<string, string>> = {}
  for (const [raw, msg] of Object.entries(fields)) {
    const path = normaliseFieldPath(raw)
    if (!path.startsWith(prefix)) continue
    const close = path.indexOf(']', prefix.length)
    if (close < 0) continue
    const index = Number(path.slice(prefix.length, close))
    if (!Number.isInteger(index) || index < 0) continue
    let rest = path.slice(close + 1)
    if (rest.startsWith('.')) rest = rest.slice(1)
    out[index] ??= {}
    out[index][rest] ??= msg
  }
  return out
}

/** A reactive FieldErrors for use in a component. */
export function useFieldErrors(): FieldErrors {
  return reactive(new FieldErrors()) as FieldErrors
}
