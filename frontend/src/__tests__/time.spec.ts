import { afterAll, describe, expect, it } from 'vitest'
import {
  addDays,
  chinaDate,
  chinaDaysLeft,
  chinaToday,
  chinaWallTime,
  chinaYear,
  daysBetween,
  dueDate,
  endOfChinaDay,
  formatDate,
  formatDateRange,
  formatDeadline,
  formatTime,
  formatWorkingPeriod,
  isCalendarDate,
  isChinaMidnight,
  lastDayBefore,
  noticePeriod,
  pickerFormat,
  toInstant,
  wallTimeToRFC3339,
} from '@/utils/time'
import { setLocale } from '@/i18n'

// Every instant here is fixed: no test reads the real clock.
const ORIGINAL_TZ = process.env.TZ
afterAll(() => {
  process.env.TZ = ORIGINAL_TZ
  setLocale('zh-CN')
})

/** The same checks, run with the browser in several time zones: the answers never change. */
const ZONES = ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati']

describe.each(ZONES)('China time from a browser in %s', (zone) => {
  it('the zone is in effect for the browser', () => {
    process.env.TZ = zone
    // 2026-12-07T01:30Z: the local offset is what the zone says (proves process.env.TZ took effect)
    const off = new Date(Date.UTC(2026, 11, 7, 1, 30)).getTimezoneOffset()
    expect(off).toBe({ UTC: 0, 'America/New_York': 300, 'Asia/Shanghai': -480, 'Pacific/Kiritimati': -840 }[zone])
  })

  it('shows an instant in China time, in both languages', () => {
    process.env.TZ = zone
    // 2026-12-07 01:30 UTC is 09:30 in China
    expect(formatTime('2026-12-07T01:30:00Z', 'zh-CN')).toBe('2026年12月7日 09:30')
    expect(formatTime('2026-12-07T01:30:00Z', 'en')).toBe('7 Dec 2026 09:30')
    expect(formatTime('2026-12-07T09:30:00+08:00', 'zh-CN')).toBe('2026年12月7日 09:30')
    expect(formatTime('2026-12-06T20:30:00-05:00', 'zh-CN')).toBe('2026年12月7日 09:30')
    expect(formatTime(new Date(Date.UTC(2026, 11, 7, 1, 30)), 'en')).toBe('7 Dec 2026 09:30')
    expect(formatTime('2026-12-07T01:30:15Z', 'zh-CN', { seconds: true })).toBe('2026年12月7日 09:30:15')
    // 16:30 UTC is already the next day in China
    expect(formatDate('2026-12-06T16:30:00Z', 'zh-CN')).toBe('2026年12月7日')
    expect(formatDate('2026-12-06T15:59:59Z', 'en')).toBe('6 Dec 2026')
    expect(chinaDate('2026-12-06T16:00:00Z')).toBe('2026-12-07')
  })

  it('shows a calendar date from the API with no zone shift', () => {
    process.env.TZ = zone
    expect(formatDate('2026-12-01', 'zh-CN')).toBe('2026年12月1日')
    expect(formatDate('2026-12-01', 'en')).toBe('1 Dec 2026')
    expect(formatTime('2026-12-01', 'zh-CN')).toBe('2026年12月1日')
    expect(chinaDate('2026-12-01')).toBe('2026-12-01')
  })

  it('shows a 24:00 deadline as the end of the previous day', () => {
    process.env.TZ = zone
    // 2026-12-12 00:00 China time = 2026-12-11T16:00:00Z
    expect(formatDeadline('2026-12-11T16:00:00Z', 'zh-CN')).toBe('2026年12月11日 24:00')
    expect(formatDeadline('2026-12-12T00:00:00+08:00', 'en')).toBe('11 Dec 2026, end of day')
    expect(isChinaMidnight('2026-12-11T16:00:00Z')).toBe(true)
    // any other time is itself
    expect(formatDeadline('2026-12-11T16:00:01Z', 'zh-CN')).toBe('2026年12月12日 00:00')
    expect(formatDeadline('2026-12-11T09:00:00Z', 'zh-CN')).toBe('2026年12月11日 17:00')
    expect(formatDeadline('2026-12-11T09:00:00Z', 'en')).toBe('11 Dec 2026 17:00')
    // midnight UTC is 08:00 in China, not a day's end
    expect(formatDeadline('2026-12-12T00:00:00Z', 'zh-CN')).toBe('2026年12月12日 08:00')
  })

  it('crosses the 2026→2027 year end in China time', () => {
    process.env.TZ = zone
    // 2026-12-31T16:00Z is 2027-01-01 00:00 in China: a deadline then is the end of 31 December 2026
    expect(formatDeadline('2026-12-31T16:00:00Z', 'zh-CN')).toBe('2026年12月31日 24:00')
    expect(formatDeadline('2026-12-31T16:00:00Z', 'en')).toBe('31 Dec 2026, end of day')
    expect(formatTime('2026-12-31T16:30:00Z', 'zh-CN')).toBe('2027年1月1日 00:30')
    expect(chinaYear('2026-12-31T16:30:00Z')).toBe(2027)
    expect(chinaYear('2026-12-31T15:59:59Z')).toBe(2026)
    expect(lastDayBefore('2026-12-31T16:00:00Z')).toBe('2026-12-31')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31')
    expect(daysBetween('2026-12-28', '2027-01-04')).toBe(7)
  })

  it('handles the leap day 2028-02-29', () => {
    process.env.TZ = zone
    expect(isCalendarDate('2028-02-29')).toBe(true)
    expect(isCalendarDate('2027-02-29')).toBe(false)
    expect(formatDate('2028-02-29', 'zh-CN')).toBe('2028年2月29日')
    expect(formatDate('2028-02-29', 'en')).toBe('29 Feb 2028')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01')
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01')
    // a due instant at 24:00 of the leap day
    expect(formatDeadline('2028-02-29T16:00:00Z', 'zh-CN')).toBe('2028年2月29日 24:00')
    expect(dueDate(undefined, '2028-02-29T16:00:00Z')).toBe('2028-02-29')
    expect(formatDate('2028-02-28T16:00:00Z', 'en')).toBe('29 Feb 2028')
  })

  it('writes an inclusive period as a Chinese notice does', () => {
    process.env.TZ = zone
    expect(formatWorkingPeriod('2026-12-07', '2026-12-11', 5, 'zh-CN')).toBe('2026年12月7日至2026年12月11日，5个工作日')
    expect(formatWorkingPeriod('2026-12-07', '2026-12-11', 5, 'en')).toBe('7 Dec 2026 – 11 Dec 2026, 5 working days')
    expect(formatWorkingPeriod('2026-12-07', '2026-12-07', 1, 'en')).toBe('7 Dec 2026, 1 working day')
    expect(formatDateRange('2026-12-28', '2027-01-05', 'zh-CN')).toBe('2026年12月28日至2027年1月5日')
    expect(formatDateRange('2026-12-28', '2027-01-05', 'en')).toBe('28 Dec 2026 – 5 Jan 2027')
  })

  it('takes a notice period from the API, or computes it from the instants', () => {
    process.env.TZ = zone
    // the API's fields win
    expect(
      noticePeriod({ starts_at: '2026-12-07T02:00:00Z', ends_at: '2026-12-11T16:00:00Z', notice_days: 5, starts_on: '2026-12-07', ends_on: '2026-12-11', working_days: 5, provisional: false }),
    ).toEqual({ startsOn: '2026-12-07', endsOn: '2026-12-11', workingDays: 5, provisional: false })
    // without them: China date of starts_at, China date of (ends_at − 1 ms): a notice ending at 24:00 on the
    // 11th (2026-12-12 00:00 China) runs through the 11th, never "to the 12th"
    const p = noticePeriod({ starts_at: '2026-12-06T17:00:00Z', ends_at: '2026-12-11T16:00:00Z', notice_days: 5 })
    expect(p).toEqual({ startsOn: '2026-12-07', endsOn: '2026-12-11', workingDays: 5, provisional: false })
    expect(formatWorkingPeriod(p.startsOn, p.endsOn, p.workingDays, 'zh-CN')).toBe('2026年12月7日至2026年12月11日，5个工作日')
    // a notice over the year end whose next-year calendar is provisional
    const y = noticePeriod({ starts_at: '2026-12-29T01:00:00Z', ends_at: '2027-01-05T16:00:00Z', notice_days: 5, provisional: true })
    expect(y).toEqual({ startsOn: '2026-12-29', endsOn: '2027-01-05', workingDays: 5, provisional: true })
  })

  it('finds a stage due date: due_on when sent, else the day before the due instant', () => {
    process.env.TZ = zone
    expect(dueDate('2027-03-31', '2027-03-31T16:00:00Z')).toBe('2027-03-31')
    // the task book used to show 2027-04-01 here: the date of the next midnight
    expect(dueDate(undefined, '2027-03-31T16:00:00Z')).toBe('2027-03-31')
    expect(dueDate(null, '2027-03-31T16:00:00Z')).toBe('2027-03-31')
    expect(dueDate('', '')).toBe('')
    expect(formatDate(dueDate(undefined, '2027-03-31T16:00:00Z'), 'zh-CN')).toBe('2027年3月31日')
  })

  it('counts days left in China calendar days', () => {
    process.env.TZ = zone
    const now = '2026-12-07T12:00:00Z' // 20:00 on 7 Dec in China
    expect(chinaDaysLeft('2026-12-08T01:00:00Z', now)).toBe(1) // tomorrow 09:00: not "closes today"
    expect(chinaDaysLeft('2026-12-07T16:00:00Z', now)).toBe(0) // 24:00 tonight
    expect(chinaDaysLeft('2026-12-07T14:00:00Z', now)).toBe(0) // 22:00 tonight
    expect(chinaDaysLeft('2026-12-11T16:00:00Z', now)).toBe(4) // end of the 11th
    expect(chinaDaysLeft('2027-01-01T16:00:00Z', '2026-12-31T15:00:00Z')).toBe(1) // over the year end
    expect(chinaDaysLeft(null, now)).toBeNull()
    expect(chinaToday('2026-12-06T16:00:00Z')).toBe('2026-12-07')
  })

  it('reads and writes picker values as China wall-clock time', () => {
    process.env.TZ = zone
    expect(wallTimeToRFC3339('2026-12-11 17:00')).toBe('2026-12-11T17:00:00+08:00')
    expect(wallTimeToRFC3339('2020-01-02 10:00')).toBe('2020-01-02T10:00:00+08:00')
    expect(wallTimeToRFC3339('2027-02-29 10:00')).toBe('')
    expect(wallTimeToRFC3339('')).toBe('')
    expect(chinaWallTime('2026-12-11T09:00:00Z')).toBe('2026-12-11 17:00')
    expect(toInstant('2026-12-11 17:00')).toBe(Date.UTC(2026, 11, 11, 9, 0))
    expect(toInstant('2026-12-11')).toBe(Date.UTC(2026, 11, 10, 16, 0))
    // a deadline given as a date ends at 24:00 China time of that date
    expect(endOfChinaDay('2026-12-11')).toBe('2026-12-12T00:00:00+08:00')
    expect(endOfChinaDay('2026-12-31')).toBe('2027-01-01T00:00:00+08:00')
    expect(endOfChinaDay('2028-02-29')).toBe('2028-03-01T00:00:00+08:00')
    expect(formatDeadline(endOfChinaDay('2026-12-11'), 'zh-CN')).toBe('2026年12月11日 24:00')
    expect(endOfChinaDay('2026-13-01')).toBe('')
  })
})

describe('locale and empty values', () => {
  it('follows the current vue-i18n locale by default', () => {
    setLocale('en')
    expect(formatTime('2026-12-07T01:30:00Z')).toBe('7 Dec 2026 09:30')
    expect(formatDeadline('2026-12-11T16:00:00Z')).toBe('11 Dec 2026, end of day')
    expect(pickerFormat('datetime')).toBe('D MMM YYYY HH:mm')
    setLocale('zh-CN')
    expect(formatTime('2026-12-07T01:30:00Z')).toBe('2026年12月7日 09:30')
    expect(pickerFormat('date')).toBe('YYYY年M月D日')
  })

  it('shows a dash for nothing and never a raw ISO string', () => {
    for (const v of [null, undefined, '', 'not a date']) {
      expect(formatTime(v, 'zh-CN')).toBe('—')
      expect(formatDate(v, 'en')).toBe('—')
      expect(formatDeadline(v, 'zh-CN')).toBe('—')
    }
    for (const s of [formatTime('2026-12-07T01:30:00Z', 'en'), formatDeadline('2026-12-11T16:00:00Z', 'zh-CN'), formatDate('2026-12-07', 'en')]) {
      expect(s).not.toMatch(/T\d|Z$|\d{4}-\d{2}-\d{2}/)
    }
  })
})
