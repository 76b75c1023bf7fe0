import { ref } from 'vue'
import { api, ok } from '@/api/client'
import { showProblem } from '@/composables/problem'
import type { Vocabulary } from './types'

const vocabulary = ref<Vocabulary | null>(null)
let loading: Promise<void> | null = null

/** The matter values with the Chinese names the service gives them (GET /matters/vocabulary), read once per page load. */
export function useMatterVocabulary () {
  loading ??= ok(api.GET('/api/v1/matters/vocabulary')).then((v) => { vocabulary.value = v }).catch((error: unknown) => {
    loading = null
    showProblem(error)
  })
  return vocabulary
}
