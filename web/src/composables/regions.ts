import { computed, ref } from 'vue'
import { api, ok } from '@/api/client'

export type RegionItem = { id: number, parentId: number | null, name: string, level: string, levelName: string, code: string | null, version: number }
export type RegionNode = RegionItem & { children: RegionNode[] }

const items = ref<RegionItem[]>([])
let loading: Promise<void> | null = null

/** The regions this user may see (the service scopes the list), loaded once per page load and on `reload()`. */
export function useRegions () {
  if (loading === null) loading = reload()
  const byId = computed(() => new Map(items.value.map((r) => [r.id, r])))
  const tree = computed<RegionNode[]>(() => {
    const nodes = new Map<number, RegionNode>(items.value.map((r) => [r.id, { ...r, children: [] }]))
    const roots: RegionNode[] = []
    for (const node of nodes.values()) {
      const parent = node.parentId === null ? undefined : nodes.get(node.parentId)
      if (parent) parent.children.push(node)
      else roots.push(node)
    }
    return roots
  })
  /** 东城区 / 渤海街道: the region's path from the top of what the user sees. */
  function pathName (id: number | null | undefined): string {
    const names: string[] = []
    let current = id === null || id === undefined ? undefined : byId.value.get(id)
    for (let i = 0; current && i < 8; i++) {
      names.unshift(current.name)
      current = current.parentId === null ? undefined : byId.value.get(current.parentId)
    }
    return names.join(' / ')
  }
  return { items, tree, byId, pathName, ready: () => loading!, reload }
}

async function reload () {
  const body = await ok(api.GET('/api/v1/regions', { params: { query: {} } }))
  items.value = body.items as RegionItem[]
}
