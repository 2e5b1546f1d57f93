import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '@/api/auth'
import type { LoginResult, Role, User } from '@/api/types'

const RT_KEY = 'jiebang.refresh_token'

function readRT(): string | null {
  try {
    return localStorage.getItem(RT_KEY)
  } catch {
    return null
  }
}
function writeRT(v: string | null): void {
  try {
    if (v) localStorage.setItem(RT_KEY, v)
    else localStorage.removeItem(RT_KEY)
  } catch {
    /* ignore */
  }
}

/**
 * The session: the access token lives only in memory, the refresh token in
 * localStorage. Refreshes are single-flight (and serialised across tabs with
 * the Web Locks API where available) because refresh tokens rotate and a
 * reused one revokes the whole family.
 */
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null)
  const user = ref<User | null>(null)
  const initialised = ref(false)
  /** The user's role must use two-factor sign-in and the user has not enrolled: only the security page works. */
  const mfaEnrolmentRequired = ref(false)
  let inflight: Promise<boolean> | null = null

  const loggedIn = computed(() => !!user.value && !!accessToken.value)
  const role = computed<Role | null>(() => user.value?.role ?? null)

  function hasRole(...roles: Role[]): boolean {
    return !!user.value && roles.includes(user.value.role)
  }

  async function applyPair(r: LoginResult): Promise<void> {
    accessToken.value = r.access_token
    writeRT(r.refresh_token)
    mfaEnrolmentRequired.value = !!r.mfa_enrolment_required
    if (r.user) user.value = r.user
  }

  async function finishLogin(r: LoginResult): Promise<User> {
    await applyPair(r)
    if (!user.value) user.value = await authApi.me()
    initialised.value = true
    return user.value!
  }

  /**
   * The password step: the user, or, for a user with a second factor, the token of the code step
   * (loginWithCode).
   */
  async function login(email: string, password: string): Promise<User | { mfaToken: string }> {
    const r = await authApi.login(email, password)
    if ('mfa_required' in r && r.mfa_required) return { mfaToken: r.mfa_token }
    return finishLogin(r as LoginResult)
  }

  /** The code step: a TOTP code or a recovery code with the password step's token. */
  async function loginWithCode(mfaToken: string, code: string): Promise<User> {
    return finishLogin(await authApi.loginMFA(mfaToken, code))
  }

  /** The user has enrolled a second factor: the whole platform opens. */
  function mfaEnrolled(): void {
    mfaEnrolmentRequired.value = false
    if (user.value) user.value = { ...user.value, mfa_enabled: true }
  }

  async function doRefresh(): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      const rt = readRT()
      if (!rt) return false
      try {
        const r = await authApi.refresh(rt)
        await applyPair(r)
        return true
      } catch {
        // only forget the token if nobody rotated it meanwhile
        if (readRT() === rt) writeRT(null)
        accessToken.value = null
        return false
      }
    }
    const locks = (typeof navigator !== 'undefined' && (navigator as Navigator & { locks?: LockManager }).locks) || null
    if (locks) return locks.request('jiebang-refresh', run)
    return run()
  }

  /** Gets a new access token with the stored refresh token (one request at a time). */
  function refresh(): Promise<boolean> {
    if (!inflight) {
      inflight = doRefresh().finally(() => {
        inflight = null
      })
    }
    return inflight
  }

  /** Restores a session from the stored refresh token once per page load. */
  async function init(): Promise<void> {
    if (initialised.value) return
    try {
      if (readRT() && (await refresh())) {
        user.value = await authApi.me()
      }
    } catch {
      clear()
    } finally {
      initialised.value = true
    }
  }

  function clear(): void {
    accessToken.value = null
    user.value = null
    mfaEnrolmentRequired.value = false
    writeRT(null)
  }

  async function logout(): Promise<void> {
    const rt = readRT()
    try {
      if (rt && accessToken.value) await authApi.logout(rt)
    } catch {
      /* ignore: we forget the session anyway */
    }
    clear()
  }

  async function reloadMe(): Promise<void> {
    user.value = await authApi.me()
  }

  return {
    accessToken, user, initialised, loggedIn, role, hasRole, login, loginWithCode, mfaEnrolmentRequired, mfaEnrolled,
    refresh, init, clear, logout, reloadMe,
  }
})
