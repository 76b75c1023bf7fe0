import { reactive, ref } from 'vue'
import { ApiProblem } from '@/api/client'
import { problemText, showProblem } from './problem'

/**
 * A form's submission: one request at a time (the button shows it is busy, a second click does nothing), the
 * service's field errors shown on their fields (`fieldErrors['petitioners.0.idNumber']`), and what was typed kept
 * when the service refuses it: the form's model is never reset on failure.
 */
export function useSubmit () {
  const submitting = ref(false)
  const fieldErrors = reactive<Record<string, string>>({})
  /** The last refusal's text, until the next submission: for a page that keeps it in view beside the toast. */
  const failure = ref<string | null>(null)
  function clear () { for (const key of Object.keys(fieldErrors)) delete fieldErrors[key] }
  async function submit<T> (action: () => Promise<T>): Promise<T | undefined> {
    if (submitting.value) return undefined
    submitting.value = true
    clear()
    failure.value = null
    try {
      return await action()
    } catch (error) {
      if (error instanceof ApiProblem) Object.assign(fieldErrors, error.fieldErrors())
      if (!(error instanceof ApiProblem && error.status === 401)) failure.value = problemText(error)
      showProblem(error)
      return undefined
    } finally {
      submitting.value = false
    }
  }
  return { submitting, fieldErrors, failure, submit, clear }
}
