/** Content-Disposition of a PDF download, RFC 6266 / RFC 5987: an ASCII fallback and the UTF-8 name. */
export function pdfDisposition (name: string, fallback: string) {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`
}
