import { describe, expect, it } from 'vitest'
import { can, canAny } from '@/utils/actions'

describe('can', () => {
  it('reads the actions field', () => {
    expect(can({ actions: ['submit', 'edit'] }, 'submit')).toBe(true)
    expect(can({ actions: ['edit'] }, 'submit')).toBe(false)
    expect(can({}, 'submit')).toBe(false)
    expect(can(null, 'submit')).toBe(false)
    expect(canAny({ actions: ['redraw'] }, 'assign', 'redraw')).toBe(true)
    expect(canAny({ actions: [] }, 'assign', 'redraw')).toBe(false)
  })

  it('takes any API object, with the field or without it', () => {
    const ledger: { id: number } = Object.assign({ id: 1 }, { actions: ['decide'] })
    expect(can(ledger, 'decide')).toBe(true)
    expect(can({ id: 2, status: 'in_progress' }, 'decide')).toBe(false)
    expect(canAny(undefined, 'decide')).toBe(false)
  })
})
