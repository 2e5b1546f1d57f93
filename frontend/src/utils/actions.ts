/**
 * The actions a resource's `actions` field offers (the server's state machines, the caller's role and
 * ownership included): views show a button when `can(resource, 'submit')`, never by testing a status.
 */
export interface Actionable {
  actions?: readonly string[] | null
}

/** Whether the caller may take `action` on `resource` now (false for a missing resource). */
export function can(resource: Actionable | null | undefined, action: string): boolean {
  return !!resource?.actions?.includes(action)
}

/** Whether the caller may take any of `actions` on `resource` now. */
export function canAny(resource: Actionable | null | undefined, ...actions: string[]): boolean {
  return actions.some((a) => can(resource, a))
}
