import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { ApiProblem } from '@/api/client'

/** The message a user sees for a refusal: the service's Chinese title, its detail, and the request id to quote. */
export function problemText (error: unknown): string {
  if (error instanceof ApiProblem) {
    const detail = error.problem.detail ? `：${error.problem.detail}` : ''
    return `${error.problem.title}${detail}${error.requestId ? `（请求编号 ${error.requestId}）` : ''}`
  }
  return '操作未完成：页面出现了意外错误，请刷新后重试'
}

export function showProblem (error: unknown) {
  if (error instanceof ApiProblem && error.status === 401) return
  ElMessage({ type: 'error', message: problemText(error), duration: 8000, showClose: true, grouping: true })
}

export function showDone (message: string) {
  ElMessage({ type: 'success', message, duration: 2500 })
}
