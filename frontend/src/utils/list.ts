/** Normalises list answers: {items, total} pages or a bare {items}. */
export function itemsOf<T>(r: { items?: T[] | null } | T[] | null | undefined): T[] {
  if (!r) return []
  if (Array.isArray(r)) return r
  return r.items ?? []
}

export function totalOf(r: { items?: unknown[] | null; total?: number } | null | undefined): number {
  if (!r) return 0
  return typeof r.total === 'number' ? r.total : (r.items?.length ?? 0)
}
