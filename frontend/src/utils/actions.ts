/**
 * The actions a resource's `actions` field offers (the server's state machines, the caller's role and
 * ownership included): views show a button when `can(resource, 'submit')`, never by testing a status.
 */
export interface Actionable {
  actions?: readonly string[] | null
}

/**
 * A resource that may carry an `actions` field: any API object (a module's type that does not list the field
 * yet still gets it from the server).
 */
export type MaybeActionable = Actionable | object | null | undefined

/** Whether the caller may take `action` on `resource` now (false for a missing resource). */
export function can(resource: MaybeActionable, action: string): boolean {
  return !!(resource as Actionable | null | undefined)?.actions?.includes(action)
}

/** Whether the caller may take any of `actions` on `resource` now. */
export function canAny(resource: MaybeActionable, ...actions: string[]): boolean {
  return actions.some((a) => can(resource, a))
}
