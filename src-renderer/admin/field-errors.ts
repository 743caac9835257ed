// The server's INVALID_INPUT, field by field, as the admin forms show it.
import type { ErrorBody } from '../../src-shared/errors'

/**
 * INVALID_INPUT's details.fields ("skus.0.barcode" → message) as hints in the screen's language,
 * keyed by the full path; a field without a hint of its own shows the server's text.
 */
export function fieldErrors(
  details: Record<string, unknown> | undefined,
  hints: Record<string, string>,
): Record<string, string> {
  const fields = details?.fields
  if (typeof fields !== 'object' || fields === null) return {}
  const out: Record<string, string> = {}
  for (const [path, message] of Object.entries(fields as Record<string, unknown>)) {
    const last = path.split('.').at(-1) ?? path
    out[path] = hints[last] ?? String(message)
  }
  return out
}

/**
 * Whether every field an INVALID_INPUT refused has a hint to show next to it; then the form says
 * only "correct the marked fields", else the error code's own message.
 */
export function everyFieldHinted(error: ErrorBody, hints: Record<string, string>): boolean {
  const fields = error.details?.fields
  if (error.code !== 'INVALID_INPUT' || typeof fields !== 'object' || fields === null) return false
  const paths = Object.keys(fields)
  return paths.length > 0 && paths.every((p) => hints[p.split('.').at(-1) ?? p])
}
