import { ref } from 'vue'
import { ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message-box/style/css'
import { api, ok } from '@/api/client'
import { showDone, showProblem } from '@/composables/problem'
import { formatDateTime } from '@/utils/format'
import type { MyHearing, MyHearingDetail } from './types'

/** Accepting (after a confirmation) and declining (through DeclineDialog) one's own invitations; one request at a time. */
export function useInvitationAnswers (onAnswered: (hearing: MyHearingDetail) => void) {
  const busy = ref(false)
  const declining = ref<{ participantId: number, title: string } | null>(null)
  const declineOpen = ref(false)

  function describe (h: MyHearing) {
    return `${formatDateTime(h.startsAt)} · ${h.venue.name} · ${h.title}`
  }

  async function accept (h: MyHearing) {
    if (busy.value || !h.invitation) return
    try {
      await ElMessageBox.confirm(`确认参加：${describe(h)}？`, '接受听证邀请', { confirmButtonText: '确认参加', cancelButtonText: '取消', type: 'info' })
    } catch { return }
    busy.value = true
    try {
      const participantId = h.invitation.participantId
      const done = await ok(api.POST('/api/v1/me/invitations/{participantId}/accept', { params: { path: { participantId } } }))
      showDone('已确认参加')
      onAnswered(done)
    } catch (error) {
      showProblem(error)
    } finally {
      busy.value = false
    }
  }

  function decline (h: MyHearing) {
    if (!h.invitation) return
    declining.value = { participantId: h.invitation.participantId, title: describe(h) }
    declineOpen.value = true
  }

  return { busy, declining, declineOpen, accept, decline }
}
