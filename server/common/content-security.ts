/**
 * Content-Security-Policy values. The service answers JSON, ICS and PDF, plus two kinds of HTML: the API explorer
 * (whose plugin sets its own CSP for its static files) and the web interface (`WEB_APP_CSP`). So the default is
 * the OWASP set for APIs: nothing may load or frame a response.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/**
 * For the web interface (index.html and the built assets): scripts and styles from this service only; inline style
 * attributes (set by the component library); images and fonts also as data: URLs; PDF previews are shown from blob:
 * URLs the page makes from downloaded documents; nothing may frame the interface.
 */
export const WEB_APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
