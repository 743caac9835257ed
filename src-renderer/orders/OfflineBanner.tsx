import { formatClock } from '../format'
import { useStrings } from '../strings'

/** Shown when an answer came from the local copy of the orders (shared mode, MySQL unreachable). */
export function OfflineBanner({ offline }: { offline: { asOf: number } | null }) {
  const t = useStrings()
  if (!offline) return null
  return (
    <div role="status" className="offline-banner" data-testid="offline-banner">
      <strong>{t.offlineBanner(formatClock(offline.asOf))}</strong>
      <span>{t.offlineReason}</span>
    </div>
  )
}
