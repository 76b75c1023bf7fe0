import type { Component } from 'vue'
import { Bell, Calendar, DataAnalysis, Document, HomeFilled, Setting, User, UserFilled, Tickets, Upload, Wallet, Star } from '@element-plus/icons-vue'

/** The side menu's icons, by the name a route's `meta.menu.icon` gives (only these are bundled). */
const ICONS: Record<string, Component> = { Bell, Calendar, DataAnalysis, Document, HomeFilled, Setting, User, UserFilled, Tickets, Upload, Wallet, Star }

export function menuIcon (name: string): Component | undefined {
  return ICONS[name]
}
