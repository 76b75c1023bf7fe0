import { ref } from 'vue'
import { ApiProblem } from '@/api/client'
import { problemText } from '@/composables/problem'
import type { PreviewProblem } from '../types'

/**
 * A dialog's refusal, shown inside it: the service's Chinese title and detail, and the problems a 409
 * `hearings.has_problems` lists (double booking, eligibility, privacy flags), as the service wrote them.
 */
export function useRefusal () {
  const failure = ref<string | null>(null)
  const problems = ref<PreviewProblem[] | null>(null)
  function reset () { failure.value = null; problems.value = null }
  /** Keeps the refusal for the dialog and throws it on, so useSubmit marks the fields and shows the message. */
  function keep (error: unknown): never {
    failure.value = problemText(error)
    const listed = error instanceof ApiProblem ? (error.problem as { problems?: unknown }).problems : undefined
    problems.value = Array.isArray(listed) ? listed as PreviewProblem[] : null
    throw error
  }
  return { failure, problems, reset, keep }
}
