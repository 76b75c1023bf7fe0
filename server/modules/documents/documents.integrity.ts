/*
 * Integrity of a stored document: the bytes kept at issue or finalisation are checked against the SHA-256 and the
 * size recorded with them, before they are served and on request (the verification routes). Pure: no database.
 */
import { sha256Hex } from '../../common/hash.js'
import { integrityFailed } from './documents.errors.js'

/** What was recorded with the bytes, and what the bytes are now; null where a stored value is missing. */
export type PdfCheck = {
  recordedSha256: string | null
  actualSha256: string | null
  recordedByteSize: number | null
  actualByteSize: number | null
  intact: boolean
}

export type StoredPdf = { sha256: string | null, byteSize: number | null, bytes: Buffer | null }

/** Recomputes the SHA-256 and size of the stored bytes and compares them with the recorded ones. */
export function checkStoredPdf (stored: StoredPdf): { check: PdfCheck, issues: string[] } {
  const actualSha256 = stored.bytes === null ? null : sha256Hex(stored.bytes)
  const actualByteSize = stored.bytes === null ? null : stored.bytes.length
  const issues: string[] = []
  if (stored.bytes === null) issues.push('存储的 PDF 缺失')
  if (stored.sha256 === null) issues.push('登记的 SHA-256 缺失')
  else if (actualSha256 !== null && actualSha256 !== stored.sha256) issues.push(`存储的 PDF 的 SHA-256 为 ${actualSha256}，与登记值 ${stored.sha256} 不一致`)
  if (stored.byteSize === null) issues.push('登记的文件大小缺失')
  else if (actualByteSize !== null && actualByteSize !== stored.byteSize) issues.push(`存储的 PDF 为 ${actualByteSize} 字节，与登记的 ${stored.byteSize} 字节不一致`)
  const check: PdfCheck = { recordedSha256: stored.sha256, actualSha256, recordedByteSize: stored.byteSize, actualByteSize, intact: issues.length === 0 }
  return { check, issues }
}

/**
 * The stored bytes, if they are still exactly what was recorded; otherwise documents.integrity_failed, so a changed
 * file is never passed off under the recorded hash. The problem points to the verification route, nothing internal.
 */
export function requireIntactPdf (stored: StoredPdf, verification: string): { bytes: Buffer, sha256: string } {
  if (stored.bytes === null || stored.sha256 === null || !checkStoredPdf(stored).check.intact) {
    throw integrityFailed({ verification }, '存储的文书文件与登记的 SHA-256 不一致，已停止提供下载。请联系系统管理员从备份中恢复；核验结果见 verification 所指的地址。')
  }
  return { bytes: stored.bytes, sha256: stored.sha256 }
}
