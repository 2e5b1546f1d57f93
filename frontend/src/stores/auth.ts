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
  let inflight: Promise<boolean> | null = null

  const loggedIn = computed(() => !!user.value && !!accessToken.value)
  const role = computed<Role | null>(() => user.value?.role ?? null)

  function hasRole(...roles: Role[]): boolean {
    return !!user.value && roles.includes(user.value.role)
  }

  async function applyPair(r: LoginResult): Promise<void> {
    accessToken.value = r.access_token
    writeRT(r.refresh_token)
    if (r.user) user.value = r.user
  }

  async function login(email: string, password: string): Promise<User> {
    const r = await authApi.login(email, password)
    await applyPair(r)
    if (!user.value) user.value = await authApi.me()
    initialised.value = true
    return user.value!
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

  return { accessToken, user, initialised, loggedIn, role, hasRole, login, refresh, init, clear, logout, reloadMe }
})
