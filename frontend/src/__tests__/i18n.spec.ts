import { describe, expect, it } from 'vitest'

function keys(o: unknown, prefix = ''): string[] {
  if (o === null || typeof o !== 'object') return [prefix]
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

const zhMods = import.meta.glob<{ default: object }>('../i18n/zh-CN/*.ts', { eager: true })
const enMods = import.meta.glob<{ default: object }>('../i18n/en/*.ts', { eager: true })
const area = (p: string) => p.replace(/^.*\/([^/]+)\.ts$/, '$1')
const zh = Object.fromEntries(Object.entries(zhMods).map(([p, m]) => [area(p), m.default]))
const en = Object.fromEntries(Object.entries(enMods).map(([p, m]) => [area(p), m.default]))

describe('i18n messages', () => {
  it('zh-CN and en have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })

  it('every literal t() key used in the source exists', () => {
    const all = new Set(keys(zh))
    const prefixes = new Set([...all].flatMap((k) => k.split('.').map((_, i, a) => a.slice(0, i + 1).join('.'))))
    const sources = import.meta.glob<string>(['../**/*.vue', '../**/*.ts', '!../i18n/**', '!../__tests__/**'], {
      query: '?raw',
      import: 'default',
      eager: true,
    })
    const missing: string[] = []
    for (const [file, src] of Object.entries(sources)) {
      for (const m of src.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) {
        const k = m[1]
        // keys built by concatenation end with '.' and are prefixes
        if (k.endsWith('.') ? !prefixes.has(k.slice(0, -1)) : !all.has(k)) missing.push(`${file}: ${k}`)
      }
    }
    expect(Object.keys(sources).length).toBeGreaterThan(20)
    expect(missing).toEqual([])
  })
})
