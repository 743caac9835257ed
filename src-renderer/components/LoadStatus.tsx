import type { Loaded } from '../use-call'
import { useStrings } from '../strings'
import { ErrorMessage } from './ErrorMessage'

/** What a screen shows of a read (useLoad) before its data: the error with its retry, or 加载中… */
export function LoadStatus({ load }: { load: Pick<Loaded<unknown>, 'data' | 'error' | 'loading' | 'reload'> }) {
  const t = useStrings()
  return (
    <>
      <ErrorMessage error={load.error} onRetry={load.reload} />
      {load.loading && load.data === null && <p className="muted">{t.loading}</p>}
    </>
  )
}
