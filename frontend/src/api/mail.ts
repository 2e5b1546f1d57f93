import { call, typedClient, type Schemas } from './typed'

/** E-mail settings and the outbox (typed from the OpenAPI document). */
export type MailPrefs = Schemas['MailPrefsResp']
export type OutboxMail = Schemas['MailDTO']

export const mailApi = {
  prefs: () => call(typedClient.GET('/api/v1/me/mail-prefs')),
  savePrefs: (body: { lang: 'zh-CN' | 'en'; muted: string[] }) => call(typedClient.PUT('/api/v1/me/mail-prefs', { body })),
  undelivered: async (page: number, page_size: number) => {
    const r = await call(typedClient.GET('/api/v1/mail/undelivered', { params: { query: { page, page_size } } }))
    return { ...r, items: r.items ?? [] }
  },
}
