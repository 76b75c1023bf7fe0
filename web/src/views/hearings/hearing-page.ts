import { computed, onMounted, ref, watch } from 'vue'
import { useRoute } from 'vue-router'
import { api, ok } from '@/api/client'
import { showProblem } from '@/composables/problem'
import { setPageCrumb } from '@/composables/page-title'
import type { HearingDetail, MatterDetail } from './types'

/**
 * What every page of one hearing (概况, 抽取, 参加人员, 文书, 笔录, 评议) loads first: the hearing from the route's id,
 * its matter (for the case number the breadcrumb and heading show) and whether it could be opened at all.
 * `reload()` after a change refreshes the hearing (its actions, problems, participants and timeline).
 */
export function useHearingPage () {
  const route = useRoute()
  const id = computed(() => Number(route.params.id))
  const hearing = ref<HearingDetail | null>(null)
  const matter = ref<MatterDetail | null>(null)
  const loadFailed = ref(false)
  const heading = computed(() => matter.value ? `${matter.value.number} 听证` : hearing.value ? `第 ${hearing.value.id} 号听证` : '')

  async function reload () {
    try {
      const h = await ok(api.GET('/api/v1/hearings/{id}', { params: { path: { id: id.value } } }))
      hearing.value = h
      loadFailed.value = false
      if (matter.value?.id !== h.matterId) matter.value = await ok(api.GET('/api/v1/matters/{id}', { params: { path: { id: h.matterId } } }))
      setPageCrumb(heading.value)
    } catch (e) {
      loadFailed.value = true
      showProblem(e)
    }
  }
  onMounted(reload)
  watch(id, reload)
  return { id, hearing, matter, loadFailed, heading, reload }
}
