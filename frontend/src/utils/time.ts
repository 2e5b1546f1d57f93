/** Time helpers: the UI shows local time as YYYY-MM-DD HH:mm. */
function pad(n: number): string {
  return n < 10 ? '0' + n : String(n)
}

/** Formats an RFC 3339 time (or Date) in local time as YYYY-MM-DD HH:mm; '—' when empty. */
export function formatTime(value: string | Date | null | undefined): string {
  if (!value) return '—'
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return '—'
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Formats as YYYY-MM-DD (local). */
export function formatDate(value: string | Date | null | undefined): string {
  const s = formatTime(value)
  return s === '—' ? s : s.slice(0, 10)
}

/** RFC 3339 with the local offset, e.g. 2026-05-01T17:00:00+08:00. */
export function toRFC3339(d: Date): string {
  const off = -d.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  const abs = Math.abs(off)
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
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
