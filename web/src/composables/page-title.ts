import { ref } from 'vue'

/** A page's own name for the last breadcrumb (a member's name, a matter's number); reset on every navigation. */
export const pageCrumb = ref<string | null>(null)

export function setPageCrumb (title: string | null) {
  pageCrumb.value = title
  if (title) document.title = `${title} - 信访事项听证管理系统`
}
