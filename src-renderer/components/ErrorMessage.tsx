import { retryableCodes } from '../../src-shared/errors'
import { useErrorText, useStrings } from '../strings'
import type { ScreenError } from '../use-call'

/**
 * An error, at once and read out. With `onRetry`, and when the same call may succeed if simply
 * sent again (a retryable code: the service did not answer, the database was away), a button
 * that sends it again; a refusal that would only repeat itself (FORBIDDEN) gets none.
 */
export function ErrorMessage({ error, onRetry }: { error: ScreenError | null; onRetry?: () => void }) {
  const t = useStrings()
  const errorText = useErrorText()
  if (!error) return null
  const text = typeof error === 'string' ? error : errorText(error)
  if (!onRetry || typeof error === 'string' || !retryableCodes.has(error.code)) {
    return (
      <p role="alert" className="error">
        {text}
      </p>
    )
  }
  return (
    <div className="error with-retry">
      <span role="alert">{text}</span>
      <button type="button" onClick={onRetry}>
        {t.retry}
      </button>
    </div>
  )
}
