import { defineError } from '../../errors.js'

export const feedNotFound = defineError('calendar.feed_not_found', 404, '日历订阅地址不存在或已重置')
