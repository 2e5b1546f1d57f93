import { reactive } from 'vue'
import { ApiError, normaliseFieldPath } from '@/api/error'

/** Extracts the human message of an error (the server's, already in the user's language). */
export function errorMessage(err: unknown, fallback = ''): string {
  if (err instanceof ApiError) return err.message
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
}

/** A reactive FieldErrors for use in a component. */
export function useFieldErrors(): FieldErrors {
  return reactive(new FieldErrors()) as FieldErrors
}
