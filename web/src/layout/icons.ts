import type { Component } from 'vue'
import { Calendar, DataAnalysis, Document, HomeFilled, Setting, User, UserFilled, Tickets, Star } from '@element-plus/icons-vue'

/** The side menu's icons, by the name a route's `meta.menu.icon` gives (only these are bundled). */
const ICONS: Record<string, Component> = { Calendar, DataAnalysis, Document, HomeFilled, Setting, User, UserFilled, Tickets, Star }

export function menuIcon (name: string): Component | undefined {
  return ICONS[name]
}
