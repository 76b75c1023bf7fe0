import type { FastifyReply } from 'fastify'

/** Content-Disposition of a PDF download, RFC 6266 / RFC 5987: an ASCII fallback and the UTF-8 name. */
function pdfDisposition (name: string, fallback: string) {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/** Sends a stored PDF as a download named `name` (ASCII `fallback`), with its registered SHA-256 in X-Content-SHA256. */
export function sendPdf (reply: FastifyReply, { bytes, sha256, name, fallback }: { bytes: Buffer | Uint8Array, sha256: string, name: string, fallback: string }) {
  return reply.type('application/pdf')
    .header('Content-Disposition', pdfDisposition(name, fallback))
    .header('X-Content-SHA256', sha256)
    .send(bytes)
}
