import type { FeatureRoutes } from '@/router-meta'
import { HEARING_STAFF } from '../routes'

/** 文书: hearing staff issue documents and record their service; auditors read the register (the service lets every role read it). */
export const hearingDocumentsRoutes: FeatureRoutes = [
  { path: 'hearings/:id(\\d+)/documents', name: 'hearing-documents', component: () => import('./DocumentsView.vue'), meta: { title: '文书', roles: [...HEARING_STAFF, 'auditor'], parent: 'hearing' } }
]
