import { currentLocale, type AppLocale } from '@/i18n'

/**
 * Dates and times as people read them. Every date and time on the site is shown in China time (Asia/Shanghai,
 * UTC+8, no daylight saving), whatever the browser's own time zone is, in one form:
 *
 *   zh-CN  2026年12月7日        2026年12月7日 09:30        2026年12月11日 24:00       2026年12月7日至2026年12月11日
 *   en     7 Dec 2026           7 Dec 2026 09:30           11 Dec 2026, end of day    7 Dec 2026 – 11 Dec 2026
 *
 * The API sends instants as RFC 3339 (`2026-12-11T16:00:00Z`) and calendar dates as `YYYY-MM-DD` (`paid_on`,
 * `due_on`, `ends_on`). An instant is turned into China wall-clock time by fixed +8 h arithmetic (China has had no
 * daylight saving since 1991), never through the browser's zone; a calendar date is shown as it is, with no zone
 * shift. A deadline at exactly 00:00 China time is the end of the previous day (24:00), and a period is inclusive:
 * it ends on the China date of its end instant minus 1 ms.
 */

/** An instant (RFC 3339 string, Date or epoch ms), a calendar date `YYYY-MM-DD`, or nothing. */
export type DateInput = string | Date | number | null | undefined

/** China Standard Time is UTC+8 all year round. */
export const CHINA_OFFSET_MS = 8 * 3600_000
const DAY_MS = 86400_000
const EMPTY = '—'
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
/** A date and time without a zone (a picker's value): read as China wall-clock time. */
const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/

function pad(n: number): string {
  return n < 10 ? '0' + n : String(n)
}

/** China wall-clock fields of an instant. */
interface Fields {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  ms: number
}

/** True for a calendar date `YYYY-MM-DD` that exists (2028-02-29 yes, 2027-02-29 no). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const m = DATE_RE.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]
}

/**
 * The instant of a value as epoch ms, or null. RFC 3339 strings carry their own offset; a date and time without a
 * zone (`2026-12-07 09:30`, as a picker gives it) is China time; a bare date is 00:00 China time of that date.
 */
export function toInstant(value: DateInput): number | null {
  if (value === null || value === undefined || value === '') return null
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime()
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  const s = value.trim()
  if (isCalendarDate(s)) return dateToUTC(s) - CHINA_OFFSET_MS
  const w = WALL_RE.exec(s)
  if (w) return Date.UTC(+w[1], +w[2] - 1, +w[3], +w[4], +w[5], +(w[6] || 0)) - CHINA_OFFSET_MS
  const ms = Date.parse(s)
  return Number.isNaN(ms) ? null : ms
}

function fieldsOf(ms: number): Fields {
  const d = new Date(ms + CHINA_OFFSET_MS)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  }
}

/** Midnight UTC of a calendar date, for day arithmetic. */
function dateToUTC(date: string): number {
  const m = DATE_RE.exec(date)!
  return Date.UTC(+m[1], +m[2] - 1, +m[3])
}

function utcToDate(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** The China calendar date `YYYY-MM-DD` of an instant; a calendar date is returned as it is; '' when empty. */
export function chinaDate(value: DateInput): string {
  if (isCalendarDate(value)) return value
  const ms = toInstant(value)
  if (ms === null) return ''
  const f = fieldsOf(ms)
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`
}

/** Today's date in China (`now` defaults to this browser's clock; pass the server's when the page has it). */
export function chinaToday(now: DateInput = Date.now()): string {
  return chinaDate(now)
}

/** The China year of an instant or date (NaN when empty). */
export function chinaYear(value: DateInput): number {
  const d = chinaDate(value)
  return d ? +d.slice(0, 4) : NaN
}

/**
 * The last day of a period that ends at `end` (exclusive): the China date of `end` minus 1 ms. A notice that ends
 * at 2026-12-12 00:00 China time (24:00 of the 11th) lasts through 2026-12-11.
 */
export function lastDayBefore(end: DateInput): string {
  const ms = toInstant(end)
  return ms === null ? '' : chinaDate(ms - 1)
}

/**
 * The date a thing is due, inclusive: the API's calendar date (`due_on`, `ends_on`, `bid_deadline_on`) when it
 * sends one, else the last day before the due instant. '' when neither is known.
 */
export function dueDate(on: string | null | undefined, at: DateInput): string {
  if (isCalendarDate(on)) return on
  return lastDayBefore(at)
}

/** A calendar date plus n days (n may be negative): 2028-02-28 + 1 → 2028-02-29, 2026-12-31 + 1 → 2027-01-01. */
export function addDays(date: string, n: number): string {
  return utcToDate(dateToUTC(date) + n * DAY_MS)
}

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUTC(to) - dateToUTC(from)) / DAY_MS)
}

/**
 * Days left to a deadline in China calendar days, as the API's `days_left` counts them: 0 when the deadline falls
 * today (a deadline at 24:00 tonight included), 1 when it falls tomorrow (at any hour), negative once past days.
 */
export function chinaDaysLeft(deadline: DateInput, now: DateInput): number | null {
  const last = lastDayBefore(deadline)
  const today = chinaDate(now)
  if (!last || !today) return null
  return daysBetween(today, last)
}

/** True when an instant is exactly 00:00:00.000 China time, i.e. 24:00 of the previous China day. */
export function isChinaMidnight(value: DateInput): boolean {
  if (isCalendarDate(value)) return false
  const ms = toInstant(value)
  if (ms === null) return false
  const f = fieldsOf(ms)
  return f.hour === 0 && f.minute === 0 && f.second === 0 && f.ms === 0
}

function dateText(date: string, locale: AppLocale): string {
  const m = DATE_RE.exec(date)!
  const y = +m[1]
  const mo = +m[2]
  const d = +m[3]
  return locale === 'en' ? `${d} ${MONTHS[mo - 1]} ${y}` : `${y}年${mo}月${d}日`
}

/** A date: 2026年12月7日 / 7 Dec 2026. An instant is shown as its China date; a `YYYY-MM-DD` as it is. */
export function formatDate(value: DateInput, locale: AppLocale = currentLocale()): string {
  const d = chinaDate(value)
  return d ? dateText(d, locale) : EMPTY
}

/**
 * A time: 2026年12月7日 09:30 / 7 Dec 2026 09:30, in China time (`seconds` adds :ss, for receipts). A bare
 * calendar date is shown as a date.
 */
export function formatTime(value: DateInput, locale: AppLocale = currentLocale(), opts: { seconds?: boolean } = {}): string {
  if (isCalendarDate(value)) return formatDate(value, locale)
  const ms = toInstant(value)
  if (ms === null) return EMPTY
  const f = fieldsOf(ms)
  const hm = `${pad(f.hour)}:${pad(f.minute)}` + (opts.seconds ? `:${pad(f.second)}` : '')
  return `${dateText(chinaDate(ms), locale)} ${hm}`
}

/**
 * A deadline: like formatTime, except that 00:00 China time is the end of the previous day, as a deadline given
 * as a date is meant: 2026年12月11日 24:00 / 11 Dec 2026, end of day (never 12月12日 00:00).
 */
export function formatDeadline(value: DateInput, locale: AppLocale = currentLocale()): string {
  if (!isChinaMidnight(value)) return formatTime(value, locale)
  const last = lastDayBefore(value)
  return locale === 'en' ? `${dateText(last, locale)}, end of day` : `${dateText(last, locale)} 24:00`
}

/** An inclusive range of dates: 2026年12月7日至2026年12月11日 / 7 Dec 2026 – 11 Dec 2026 (one date when equal). */
export function formatDateRange(from: DateInput, to: DateInput, locale: AppLocale = currentLocale()): string {
  const a = formatDate(from, locale)
  const b = formatDate(to, locale)
  if (a === EMPTY || b === EMPTY || a === b) return a === EMPTY ? b : a
  return locale === 'en' ? `${a} – ${b}` : `${a}至${b}`
}

/** A period as a Chinese notice writes it: 2026年12月7日至2026年12月11日，5个工作日 / 7 Dec 2026 – 11 Dec 2026, 5 working days. */
export function formatWorkingPeriod(from: DateInput, to: DateInput, workingDays: number | null | undefined, locale: AppLocale = currentLocale()): string {
  const range = formatDateRange(from, to, locale)
  if (workingDays === null || workingDays === undefined) return range
  if (locale === 'en') return `${range}, ${workingDays} working day${workingDays === 1 ? '' : 's'}`
  return `${range}，${workingDays}个工作日`
}

/** What the notice pages need of a notice; `starts_on` … `provisional` come with the backend of issue 19. */
export interface NoticeDates {
  starts_at: string
  ends_at: string
  notice_days?: number
  starts_on?: string | null
  ends_on?: string | null
  working_days?: number | null
  provisional?: boolean | null
}

/**
 * A notice's inclusive period: the API's `starts_on` / `ends_on` / `working_days` when present, else the China
 * date of `starts_at`, the last day before `ends_at` and `notice_days`.
 */
export function noticePeriod(n: NoticeDates): { startsOn: string; endsOn: string; workingDays: number | null; provisional: boolean } {
  return {
    startsOn: isCalendarDate(n.starts_on) ? n.starts_on : chinaDate(n.starts_at),
    endsOn: dueDate(n.ends_on, n.ends_at),
    workingDays: n.working_days ?? n.notice_days ?? null,
    provisional: !!n.provisional,
  }
}

/** The display format of an Element Plus picker in the user's language (its value-format stays ISO-like). */
export function pickerFormat(type: 'date' | 'datetime', locale: AppLocale = currentLocale()): string {
  const date = locale === 'en' ? 'D MMM YYYY' : 'YYYY年M月D日'
  return type === 'date' ? date : `${date} HH:mm`
}

/** The value-format of a datetime picker whose value is China wall-clock time (see chinaWallTime). */
export const WALL_TIME_FORMAT = 'YYYY-MM-DD HH:mm'
/** The value-format of a date picker. */
export const DATE_FORMAT = 'YYYY-MM-DD'

/** An instant as China wall-clock time `YYYY-MM-DD HH:mm`, the value of a datetime picker; '' when empty. */
export function chinaWallTime(value: DateInput): string {
  const ms = toInstant(value)
  if (ms === null) return ''
  const f = fieldsOf(ms)
  return `${chinaDate(ms)} ${pad(f.hour)}:${pad(f.minute)}`
}

/**
 * RFC 3339 for a China wall-clock time as a picker gives it (`2026-12-11 17:00` → `2026-12-11T17:00:00+08:00`),
 * whatever the browser's zone; '' when it is not one.
 */
export function wallTimeToRFC3339(wall: string | null | undefined): string {
  const w = WALL_RE.exec((wall || '').trim())
  if (!w || !isCalendarDate(`${w[1]}-${w[2]}-${w[3]}`)) return ''
  return `${w[1]}-${w[2]}-${w[3]}T${w[4]}:${w[5]}:${w[6] || '00'}+08:00`
}

/**
 * RFC 3339 for the end (24:00 China time) of a calendar date, for a deadline given as a date:
 * 2026-12-11 → 2026-12-12T00:00:00+08:00; '' when it is not a date.
 */
export function endOfChinaDay(date: string | null | undefined): string {
  if (!isCalendarDate(date)) return ''
  return `${addDays(date, 1)}T00:00:00+08:00`
}

/** Splits a remaining duration in ms into days/hours/minutes/seconds (all ≥ 0). */
export function splitDuration(ms: number): { days: number; hours: number; minutes: number; seconds: number } {
  const t = Math.max(0, Math.floor(ms / 1000))
  return {
    days: Math.floor(t / 86400),
    hours: Math.floor((t % 86400) / 3600),
    minutes: Math.floor((t % 3600) / 60),
    seconds: t % 60,
  }
}
