// Where the customer display is. The desktop app opens it by itself (full screen on a second
// screen when there is one); the browser till has no second window of its own, so the admin is
// told the address to open in another window of the same browser — the display follows the
// cashier's window over BroadcastChannel, which reaches only windows of one browser.
import { inBrowser } from '../pos-client'
import { useStrings } from '../strings'

export function CustomerDisplayAddress() {
  const t = useStrings()
  const address = `${window.location.origin}${window.location.pathname}#/customer`
  return (
    <div className="admin-section" data-testid="customer-display-address">
      <h2>{t.customerDisplay}</h2>
      {inBrowser() ? (
        <p>
          {t.customerDisplayInBrowser} <code>{address}</code>
        </p>
      ) : (
        <p>{t.customerDisplayInDesktop}</p>
      )}
    </div>
  )
}
