import { ref } from 'vue'
import { api, ok } from '@/api/client'
import type { paths } from '@/api/schema'

export type ReferenceData = paths['/api/v1/pool/reference-data']['get']['responses'][200]['content']['application/json'] & {
  professions: { code: string, label: string }[]
  specialties: { code: string, label: string }[]
}

/**
 * The pool's codes and Chinese labels (roles, sources, statuses, removal grounds …) and the profession and specialty
 * vocabularies: read once per page load and kept here, so the list, the member page and the form never ask twice.
 */
const reference = ref<ReferenceData | null>(null)
let loading: Promise<ReferenceData> | null = null

export function usePoolReference () {
  if (loading === null) {
    loading = Promise.all([
      ok(api.GET('/api/v1/pool/reference-data')),
      ok(api.GET('/api/v1/pool/vocabulary', { params: { query: {} } }))
    ]).then(([data, vocabulary]) => {
      const active = vocabulary.items.filter((t) => t.active)
      reference.value = {
        ...data,
        professions: active.filter((t) => t.kind === 'profession').map(({ code, label }) => ({ code, label })),
        specialties: active.filter((t) => t.kind === 'specialty').map(({ code, label }) => ({ code, label }))
      }
      return reference.value
    }).catch((error: unknown) => {
      loading = null
      throw error
    })
  }
  return { reference, ready: () => loading! }
}
