/**
 * Money helpers. Amounts are integer fen (分) everywhere; the UI shows and
 * accepts 万元 (1 万元 = 10,000 元 = 1,000,000 分). All conversions use integer
 * string arithmetic so there is never floating-point drift.
 */
export const FEN_PER_WAN = 1_000_000

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * Formats fen as 万元 with exactly `decimals` (default 2) decimals, rounding
 * half away from zero, with thousands separators: 12_500_000_000 → "12,500.00".
 */
export function formatWan(fen: number | null | undefined, decimals = 2): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—'
  const neg = fen < 0
  let abs = BigInt(Math.round(Math.abs(fen)))
  const unit = 10n ** BigInt(6 - decimals) // fen per last shown digit
  abs = (abs + unit / 2n) / unit
  const s = abs.toString().padStart(decimals + 1, '0')
  const intPart = s.slice(0, s.length - decimals)
  const frac = decimals > 0 ? '.' + s.slice(s.length - decimals) : ''
  return (neg && abs !== 0n ? '-' : '') + groupThousands(intPart) + frac
}

/** Like formatWan but for an input box: no grouping, trailing zeros removed ("1250.5"). */
export function fenToWanInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return ''
  const neg = fen < 0
  const s = BigInt(Math.round(Math.abs(fen))).toString().padStart(7, '0')
  const intPart = s.slice(0, s.length - 6)
  const frac = s.slice(s.length - 6).replace(/0+$/, '')
  return (neg ? '-' : '') + intPart + (frac ? '.' + frac : '')
}

/**
 * Parses a 万元 amount typed by a user ("1,250.5", "１２５０", " 30 ") into fen.
 * At most 6 decimals (one fen). Returns null for empty input and NaN for
 * anything that is not a non-negative decimal number.
 */
export function parseWanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null
  let s = String(input).trim()
  // full-width digits and punctuation, common in Chinese input methods
  s = s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  s = s.replace(/\uFF0E|。/g, '.').replace(/[,，\s]/g, '')
  if (s === '') return null
  const m = /^(\d+)(?:\.(\d{0,6}))?$/.exec(s)
  if (!m) return NaN
  const fen = BigInt(m[1]) * 1_000_000n + BigInt((m[2] || '').padEnd(6, '0'))
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return NaN
  return Number(fen)
}

/** Sums fen amounts (integers) safely. */
export function sumFen(values: Array<number | null | undefined>): number {
  let total = 0
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) total += Math.round(v)
  return total
}
