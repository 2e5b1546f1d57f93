import { call, typedClient, type Schemas } from './typed'

/** The bureau's settings (typed from the OpenAPI document). */
export type FieldItem = Schemas['FieldDTO']
export type Limits = Schemas['LimitsDTO']
export type Rubric = Schemas['RubricDTO']
export type Criterion = Schemas['TemplateCriterionDTO']

export const settingsApi = {
  fields: async (): Promise<FieldItem[]> => (await call(typedClient.GET('/api/v1/meta/fields'))).items ?? [],
  addField: (body: { code: string; name_zh: string; name_en: string }) =>
    call(typedClient.POST('/api/v1/settings/fields', { body })),
  updateField: (code: string, body: { name_zh?: string; name_en?: string; retired?: boolean }) =>
    call(typedClient.PATCH('/api/v1/settings/fields/{code}', { params: { path: { code } }, body })),
  deleteField: (code: string) => call(typedClient.DELETE('/api/v1/settings/fields/{code}', { params: { path: { code } } })),
  limits: () => call(typedClient.GET('/api/v1/settings/limits')),
  putLimits: (body: Limits) => call(typedClient.PUT('/api/v1/settings/limits', { body })),
  rubrics: async (): Promise<Rubric[]> => (await call(typedClient.GET('/api/v1/settings/rubrics'))).items ?? [],
  putRubric: (kind: Rubric['kind'], criteria: Criterion[]) =>
    call(typedClient.PUT('/api/v1/settings/rubrics/{kind}', { params: { path: { kind } }, body: { criteria } })),
}
