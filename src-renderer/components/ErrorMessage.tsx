import type { ScreenError } from '../use-call'
import { useErrorText, useStrings } from '../strings'

/** An error, at once and read out; with `onRetry`, a button that sends the failed call again. */
export function ErrorMessage({ error, onRetry }: { error: ScreenError | null; onRetry?: () => void }) {
  const t = useStrings()
  const errorText = useErrorText()
  if (!error) return null
  return (
    <p role="alert" className="error">
      {typeof error === 'string' ? error : errorText(error)}
      {onRetry && (
        <button type="button" className="retry" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </p>
  )
}
