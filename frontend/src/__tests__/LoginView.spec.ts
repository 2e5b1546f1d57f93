import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent } from 'vue'
import LoginView from '@/views/auth/LoginView.vue'
import { plugins } from './helpers'
import { useAuthStore } from '@/stores/auth'
import { configureClient } from '@/api/client'

function setup() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', component: LoginView },
      { path: '/home', component: defineComponent({ template: '<div>home</div>' }) },
      { path: '/register', component: defineComponent({ template: '<div>reg</div>' }) },
    ],
  })
  return router
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

afterEach(() => {
  vi.unstubAllGlobals()
  localStorage.clear()
})

describe('LoginView', () => {
  it('logs in, keeps the access token in memory and the refresh token in storage', async () => {
    const router = setup()
    await router.push('/login')
    const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
      expect(url).toBe('/api/v1/auth/login')
      expect(JSON.parse(init.body as string)).toEqual({ email: 'a@b.cn', password: 'secret123' })
      expect((init.headers as Record<string, string>)['Accept-Language']).toBe('zh-CN')
      return jsonResponse(200, {
        access_token: 'AT',
        refresh_token: 'RT',
        expires_in: 900,
        user: { id: 1, email: 'a@b.cn', name: '张三', role: 'team', org: null },
      })
    })
    vi.stubGlobal('fetch', fetchMock)
    const w = mount(LoginView, { global: { plugins: [...plugins(), router] } })
    const auth = useAuthStore()
    configureClient({ getAccessToken: () => auth.accessToken, getLocale: () => 'zh-CN' })
    await w.find('input[data-test="login-email"]').setValue('a@b.cn')
    await w.find('input[data-test="login-password"]').setValue('secret123')
    await w.find('form').trigger('submit')
    await flushPromises()
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/home'))
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(auth.accessToken).toBe('AT')
    expect(auth.user?.name).toBe('张三')
    expect(localStorage.getItem('jiebang.refresh_token')).toBe('RT')
    expect(localStorage.getItem('jiebang.access_token')).toBeNull()
  })

  it('shows the server message on bad credentials', async () => {
    const router = setup()
    await router.push('/login')
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(401, { error: { code: 'invalid_credentials', message: '邮箱或密码错误' } })))
    const w = mount(LoginView, { global: { plugins: [...plugins(), router] } })
    await w.find('input[data-test="login-email"]').setValue('a@b.cn')
    await w.find('input[data-test="login-password"]').setValue('wrong')
    await w.find('form').trigger('submit')
    await vi.waitFor(() => expect(w.find('[data-test="login-error"]').exists()).toBe(true))
    expect(w.find('[data-test="login-error"]').text()).toContain('邮箱或密码错误')
    expect(router.currentRoute.value.path).toBe('/login')
  })

  it('validates required fields before calling the server', async () => {
    const router = setup()
    await router.push('/login')
    const fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    const w = mount(LoginView, { global: { plugins: [...plugins(), router] } })
    await w.find('form').trigger('submit')
    await flushPromises()
    await vi.waitFor(() => expect(w.text()).toContain('请输入电子邮箱'))
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('asks for the code of a user with a second factor, then logs in with it', async () => {
    const router = setup()
    await router.push('/login')
    const bodies: unknown[] = []
    const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
      bodies.push(JSON.parse(init.body as string))
      if (url === '/api/v1/auth/login') return jsonResponse(200, { mfa_required: true, mfa_token: 'MT', mfa_token_expires_in: 300 })
      expect(url).toBe('/api/v1/auth/login/mfa')
      if ((bodies.at(-1) as { code: string }).code === '000000') {
        return jsonResponse(401, { error: { code: 'invalid_code', message: '验证码错误或已使用过' } })
      }
      return jsonResponse(200, {
        access_token: 'AT', refresh_token: 'RT', expires_in: 900, mfa_enrolment_required: false,
        user: { id: 1, email: 'a@b.cn', name: '张三', role: 'bureau', org: null, mfa_enabled: true },
      })
    })
    vi.stubGlobal('fetch', fetchMock)
    const w = mount(LoginView, { global: { plugins: [...plugins(), router] } })
    const auth = useAuthStore()
    await w.find('input[data-test="login-email"]').setValue('a@b.cn')
    await w.find('input[data-test="login-password"]').setValue('secret123')
    await w.find('form').trigger('submit')
    await vi.waitFor(() => expect(w.find('[data-test="login-mfa-form"]').exists()).toBe(true))
    // No tokens yet: the password step gives none.
    expect(auth.accessToken).toBeNull()
    expect(router.currentRoute.value.path).toBe('/login')
    await w.find('input[data-test="login-code"]').setValue('000000')
    await w.find('[data-test="login-mfa-form"]').trigger('submit')
    await vi.waitFor(() => expect(w.find('[data-test="login-error"]').exists()).toBe(true))
    expect(w.find('[data-test="login-error"]').text()).toContain('验证码错误')
    await w.find('input[data-test="login-code"]').setValue('123456')
    await w.find('[data-test="login-mfa-form"]').trigger('submit')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/home'))
    expect(bodies.at(-1)).toEqual({ mfa_token: 'MT', code: '123456' })
    expect(auth.accessToken).toBe('AT')
  })
})
