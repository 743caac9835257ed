// The bar under the header while the connection is lost: what is missing, and that the till is
// trying again by itself. It goes away when the connection is back (connection.ts).
import { useConnection } from '../connection'
import { useStrings } from '../strings'

export function ConnectionBanner() {
  const t = useStrings()
  const lost = useConnection((c) => c.lost)
  if (lost === null) return null
  return (
    <div className="connection-lost" role="alert" data-testid="connection-lost">
      <strong>{t.connectionLost}</strong> {lost === 'service' ? t.serviceLost : t.storeLost} {t.reconnecting}
    </div>
  )
}
