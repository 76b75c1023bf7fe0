import { defineError } from '../../errors.js'

export const importJobNotFound = defineError('pool.import_job_not_found', 404, '导入任务不存在或无权访问')
export const importJobFailed = defineError('pool.import_job_failed', 409, '导入未能全部完成，已导入的行保留')
