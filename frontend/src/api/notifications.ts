import { call, typedClient, type Schemas } from './typed'

/** In-app notifications (typed from the OpenAPI document). */
export type Notification = Schemas['NotificationDTO']

export const notificationsApi = {
  list: async (q: { unread?: boolean; page?: number; page_size?: number }) => {
    const r = await call(typedClient.GET('/api/v1/me/notifications', { params: { query: q } }))
    return { ...r, items: r.items ?? [] }
  },
  read: (id: number) => call(typedClient.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
  readAll: () => call(typedClient.POST('/api/v1/notifications/read-all')),
}
