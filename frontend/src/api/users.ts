import { api } from './client'
import type { Page, User } from './types'

export const usersApi = {
  list: (q: { q?: string; page?: number; page_size?: number }) => api.get<Page<User>>('/users', q),
  disable: (id: number) => api.post<User>(`/users/${id}/disable`),
  enable: (id: number) => api.post<User>(`/users/${id}/enable`),
}
