import type { FeatureRoutes } from '@/router-meta'
import type { Role } from '@/composables/session'

/** Who may import (POST /pool/imports, GET /pool/imports/{id}: ROLES.managers on the server). */
const IMPORTERS: Role[] = ['admin', 'coordinator']

export const poolImportRoutes: FeatureRoutes = [
  { path: 'pool/import', name: 'pool-import', component: () => import('./ImportWizardView.vue'), meta: { title: '导入听证员', parent: 'pool', roles: IMPORTERS } }
]
