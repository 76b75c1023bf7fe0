import { defineError } from '../../errors.js'

export const notifierNotFound = defineError('reminders.notifier_not_found', 404, '提醒通道不存在')
export const notifierInvalidUrl = defineError('reminders.notifier_invalid_url', 422, 'Webhook 地址不正确')
export const reminderSettingsInvalid = defineError('reminders.settings_invalid', 422, '提醒设置不正确')
