import { createI18n } from 'vue-i18n'

/**
 * Messages live in one file per area (zh-CN/<area>.ts and en/<area>.ts, each
 * exporting a default object); the file name becomes the top-level key, so
 * `zh-CN/challenge.ts` is reached as t('challenge.xxx'). Adding an area means
 * adding two files, not editing this one.
 */
type Messages = Record<string, unknown>

function collect(mods: Record<string, { default: Messages }>): Messages {
  const out: Messages = {}
  for (const [path, mod] of Object.entries(mods)) {
    const area = path.replace(/^.*\/([^/]+)\.ts$/, '$1')
    out[area] = mod.default
  }
  return out
}

const zh = collect(import.meta.glob<{ default: Messages }>('./zh-CN/*.ts', { eager: true }))
const en = collect(import.meta.glob<{ default: Messages }>('./en/*.ts', { eager: true }))

export type AppLocale = 'zh-CN' | 'en'
export const LOCALES: AppLocale[] = ['zh-CN', 'en']
const STORAGE_KEY = 'jiebang.locale'

function initialLocale(): AppLocale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en } as never,
  missingWarn: false,
  fallbackWarn: false,
})

/** The current locale. */
export function currentLocale(): AppLocale {
  return (i18n.global.locale as unknown as { value: AppLocale }).value
}

/** Switches the UI language and remembers it. */
export function setLocale(l: AppLocale): void {
  ;(i18n.global.locale as unknown as { value: AppLocale }).value = l
  try {
    localStorage.setItem(STORAGE_KEY, l)
  } catch {
    /* ignore */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = l
}

/** Shorthand for code outside components. */
export function t(key: string, named?: Record<string, unknown>): string {
  const g = i18n.global as unknown as { t: (k: string, n?: Record<string, unknown>) => string }
  return named ? g.t(key, named) : g.t(key)
}
