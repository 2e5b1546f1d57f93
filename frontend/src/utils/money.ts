import { currentLocale, t, type AppLocale } from '@/i18n'

/**
 * Money helpers. Amounts are integer fen (分) everywhere; the UI shows and accepts them in the user's unit:
 * 万元 in Chinese (1 万元 = 10,000 元 = 1,000,000 分), yuan in English ("CNY 5,000,000"). All conversions use
 * integer arithmetic on BigInt, so there is never floating-point drift.
 */
export const FEN_PER_WAN = 1_000_000
export const FEN_PER_YUAN = 100

/** The unit a user reads and types money in: 万元 in Chinese, yuan (CNY) in English. */
export type MoneyUnit = 'wan' | 'yuan'

export function moneyUnit(locale: AppLocale = currentLocale()): MoneyUnit {
  return locale === 'en' ? 'yuan' : 'wan'
}

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * Formats fen as a bare number of 万 with exactly `decimals` (default 2) decimals, rounding half away from
 * zero, with thousands separators: 12_500_000_000 → "12,500.00". For display with the unit use formatWan.
 */
export function formatWanNumber(fen: number | null | undefined, decimals = 2): string {
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

/** Formats fen as yuan with grouping; fen shown only when there are any: 500_000_000 → "5,000,000", 150 → "1.50". */
export function formatYuanNumber(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—'
  const neg = fen < 0
  const abs = BigInt(Math.round(Math.abs(fen)))
  const intPart = groupThousands((abs / 100n).toString())
  const cents = abs % 100n
  return (neg && abs !== 0n ? '-' : '') + intPart + (cents ? '.' + cents.toString().padStart(2, '0') : '')
}

/** Formats fen as yuan with exactly two decimals and grouping: 900 → "9.00", 123_456 → "1,234.56". */
export function formatYuanFixed(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—'
  const neg = fen < 0
  const abs = BigInt(Math.round(Math.abs(fen)))
  return (neg && abs !== 0n ? '-' : '') + groupThousands((abs / 100n).toString()) + '.' + (abs % 100n).toString().padStart(2, '0')
}

/**
 * Rounds amounts to hundredths of 万 (the digits formatWanNumber shows) so that the rounded parts add up to the
 * rounded sum of the exact amounts (the largest-remainder method): a table whose rows are parts of a total
 * shows rows that add up to the total it shows. Answers fen, each a multiple of 10,000.
 */
export function roundPartsToWan(parts: number[]): number[] {
  const unit = FEN_PER_WAN / 100
  const exact = parts.map((p) => Math.round(p))
  const total = exact.reduce((a, b) => a + b, 0)
  const target = Math.round(total / unit)
  const floors = exact.map((p) => Math.floor(p / unit))
  let missing = target - floors.reduce((a, b) => a + b, 0)
  const order = exact.map((p, i) => ({ i, rest: p - floors[i] * unit })).sort((a, b) => b.rest - a.rest || a.i - b.i)
  const out = floors.slice()
  for (let k = 0; missing > 0 && k < order.length; k++, missing--) out[order[k].i]++
  return out.map((n) => n * unit)
}

/** The parts of an amount as shown: a prefix ("CNY "), the number, a suffix (" 万元"), for styling the number. */
export interface MoneyParts {
  prefix: string
  number: string
  suffix: string
}

/**
 * moneyParts splits formatWan's text. With `compact`, English amounts of a million yuan or more read
 * "CNY 5.00 M" (for cards and tight columns); Chinese always reads in 万元 with two decimals.
 */
export function moneyParts(fen: number | null | undefined, opts: { compact?: boolean; locale?: AppLocale } = {}): MoneyParts {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return { prefix: '', number: '—', suffix: '' }
  if (moneyUnit(opts.locale) === 'wan') {
    // below 0.01 万元 the amount reads in 元 (900 fen is 9.00 元, never "0.00 万元"); zero stays 0.00 万元
    if (fen !== 0 && Math.abs(Math.round(fen)) < FEN_PER_WAN / 100) return { prefix: '', number: formatYuanFixed(fen), suffix: ' 元' }
    return { prefix: '', number: formatWanNumber(fen), suffix: ' 万元' }
  }
  if (opts.compact && Math.abs(fen) >= 100_000_000) {
    // millions of yuan with two decimals: 1 M yuan = 100,000,000 fen = 100 万元
    return { prefix: 'CNY ', number: formatWanNumber(fen / 100), suffix: ' M' }
  }
  return { prefix: 'CNY ', number: formatYuanNumber(fen), suffix: '' }
}

/**
 * formatWan formats fen for reading in the user's language, with its unit: "500.00 万元" in Chinese,
 * "CNY 5,000,000" in English ("CNY 5.00 M" with `compact`). Every amount shown to a person goes through it
 * (or MoneyText, which styles the same parts).
 */
export function formatWan(fen: number | null | undefined, opts: { compact?: boolean; locale?: AppLocale } = {}): string {
  const p = moneyParts(fen, opts)
  return p.prefix + p.number + p.suffix
}

/** An amount for an input box in the given unit: no grouping, trailing zeros removed. */
export function fenToInput(fen: number | null | undefined, unit: MoneyUnit = moneyUnit()): string {
  if (unit === 'wan') return fenToWanInput(fen)
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return ''
  const neg = fen < 0
  const abs = BigInt(Math.round(Math.abs(fen)))
  const cents = (abs % 100n).toString().padStart(2, '0').replace(/0+$/, '')
  return (neg ? '-' : '') + (abs / 100n).toString() + (cents ? '.' + cents : '')
}

/** Parses what a user typed in the given unit into fen: null when empty, NaN when not an amount. */
export function parseMoneyInput(input: string | number | null | undefined, unit: MoneyUnit = moneyUnit()): number | null {
  return unit === 'wan' ? parseWanToFen(input) : parseScaled(input, 2)
}

/**
 * The message for a money field's error in the user's unit: the server checks limits in fen and gives them in
 * `details.field_params` (`{min, max}` for `out_of_range`); this says them as the user reads money. Answers ''
 * when the error is not a money range (the server's own message then stands).
 */
export function moneyFieldMessage(path: string, code: string | undefined, params: Record<string, unknown> | undefined): string {
  if (!/_fen$/.test(path) || code !== 'out_of_range' || !params) return ''
  const min = Number(params.min)
  const max = Number(params.max)
  if (!Number.isFinite(min) || !Number.isFinite(max)) return ''
  return t('common.moneyRange', { min: formatWan(min), max: formatWan(max) })
}

/** Like formatWanNumber but for an input box: no grouping, trailing zeros removed ("1250.5"). */
export function fenToWanInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return ''
  const neg = fen < 0
  const s = BigInt(Math.round(Math.abs(fen))).toString().padStart(7, '0')
  const intPart = s.slice(0, s.length - 6)
  const frac = s.slice(s.length - 6).replace(/0+$/, '')
  return (neg ? '-' : '') + intPart + (frac ? '.' + frac : '')
}

/**
 * Parses a decimal amount typed by a user ("1,250.5", "１２５０", " 30 ") into an integer of units of
 * 10^-digits (at most `digits` decimals). Returns null for empty input and NaN for anything that is not a
 * non-negative decimal number or would pass Number.MAX_SAFE_INTEGER.
 */
function parseScaled(input: string | number | null | undefined, digits: number): number | null {
  if (input === null || input === undefined) return null
  let s = String(input).trim()
  // full-width digits and punctuation, common in Chinese input methods
  s = s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  s = s.replace(/\uFF0E|。/g, '.').replace(/[,，\s]/g, '')
  if (s === '') return null
  const m = new RegExp(`^(\\d+)(?:\\.(\\d{0,${digits}}))?$`).exec(s)
  if (!m) return NaN
  const v = BigInt(m[1]) * 10n ** BigInt(digits) + BigInt((m[2] || '').padEnd(digits, '0') || '0')
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) return NaN
  return Number(v)
}

/** Parses a 万元 amount typed by a user into fen (at most 6 decimals: one fen); null when empty, NaN when bad. */
export function parseWanToFen(input: string | number | null | undefined): number | null {
  return parseScaled(input, 6)
}

/** Sums fen amounts (integers) safely. */
export function sumFen(values: Array<number | null | undefined>): number {
  let total = 0
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) total += Math.round(v)
  return total
}
