/** Element Plus tag types for the member statuses the service computes (display only). */
const STATUS_TAGS: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  candidate: 'primary', active: 'success', suspended: 'warning', removed: 'danger', expired: 'info'
}

export function statusTag (status: string) {
  return STATUS_TAGS[status] ?? 'info'
}

export function labels (items: { label: string }[]): string {
  return items.length === 0 ? '—' : items.map((i) => i.label).join('、')
}
