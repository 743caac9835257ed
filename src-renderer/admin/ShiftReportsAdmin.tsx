// X/Z 日结: a till's X report (read-only, any time) and its Z report, which closes the till's day
// and is kept, chained, for `pos audit verify` (docs/SHIFTS.md). Keys: X reads, Z asks to confirm.
// All figures are the server's; nothing is summed here.
import { type KeyboardEvent, useEffect, useState } from 'react'
import type { DrawerFigures, TillReportFigures, XReport, ZReport } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { DataTable } from '../components/DataTable'
import { ErrorMessage } from '../components/ErrorMessage'
import { formatDateTime } from '../format'
import { useTill } from '../store'
import { type Strings, useStrings } from '../strings'
import { useAction, useLoad } from '../use-call'
import { BarRows, type Bar } from './charts'
import { AdminSection, Dialog } from './kit'

const channelText = (t: Strings, channel: string) =>
  ({ qr: t.channelQr, barcode: t.channelBarcode, cash: t.channelCash, card: t.channelCard })[channel] ?? channel

export function ShiftReportsAdmin() {
  const t = useStrings()
  const thisTill = useTill((s) => s.session?.tillId ?? '')
  const [tillId, setTillId] = useState(thisTill)
  const [shown, setShown] = useState<XReport | ZReport | null>(null)
  const [confirming, setConfirming] = useState(false)
  const action = useAction({ exclusive: true })
  const past = useLoad(() => window.pos['reports.zList']({ tillId }), [tillId])

  async function readX() {
    const result = await action.run(() => window.pos['reports.x']({ tillId }))
    if (result?.ok) setShown(result.data)
  }
  async function takeZ() {
    setConfirming(false)
    const result = await action.run(() => window.pos['reports.z']({ tillId }))
    if (result?.ok) {
      setShown(result.data)
      past.reload()
    }
  }

  // X and Z from anywhere on the section but a text field.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || confirming) return
      if (e.key === 'x' || e.key === 'X') void readX()
      if (e.key === 'z' || e.key === 'Z') setConfirming(true)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  })

  return (
    <AdminSection
      title={t.tabShiftReports}
      tools={
        <>
          <label className="inline-field">
            {t.till}
            <input value={tillId} onChange={(e) => setTillId(e.target.value.trim())} maxLength={10} size={6} />
          </label>
          <button type="button" onClick={() => void readX()} disabled={action.busy}>
            {t.xReportButton}
          </button>
          <button type="button" className="primary" onClick={() => setConfirming(true)} disabled={action.busy}>
            {t.zReportButton}
          </button>
        </>
      }
    >
      <ErrorMessage error={action.error} />
      {confirming && (
        <Dialog title={t.zReportButton} onClose={() => setConfirming(false)}>
          <p>{t.zConfirm(tillId)}</p>
          <div className="form-buttons">
            <button type="button" onClick={() => setConfirming(false)}>
              {t.cancelButton}
            </button>
            <button
              type="button"
              className="primary"
              onKeyDown={(e: KeyboardEvent) => e.key === 'Escape' && setConfirming(false)}
              onClick={() => void takeZ()}
            >
              {t.zConfirmButton}
            </button>
          </div>
        </Dialog>
      )}
      {shown && <TillReport report={shown} />}
      <section className="panel">
        <h2>{t.pastZ}</h2>
        {past.data && past.data.length === 0 && <p className="muted">{t.noZ}</p>}
        {past.data && past.data.length > 0 && (
          <DataTable
            testId="past-z"
            rows={past.data}
            rowKey={(z) => z.number}
            columns={[
              { head: 'Z', cell: (z) => `${z.tillId}-${z.number}` },
              { head: t.zTakenAt, cell: (z) => formatDateTime(z.createdAt) },
              { head: t.paidFen, num: true, cell: (z) => formatFen(z.paidFen) },
              { head: t.drawerDifference, num: true, cell: (z) => formatFen(z.drawer.differenceFen ?? 0) },
              { head: t.zHash, cell: (z) => <code>{z.hash.slice(0, 16)}…</code> },
            ]}
          />
        )}
      </section>
    </AdminSection>
  )
}

function TillReport({ report }: { report: XReport | ZReport }) {
  const t = useStrings()
  const title = report.kind === 'X' ? t.xTitle(report.tillId, report.nextZ) : t.zTitle(report.tillId, report.number)
  const bars: Bar[] = report.byChannel.map((c) => ({
    key: c.channel,
    label: channelText(t, c.channel),
    value: c.fen,
    valueText: `${formatFen(c.fen)} · ${t.paymentsN(c.payments)}`,
    extra: { channel: c.channel, fen: c.fen, payments: c.payments },
  }))
  return (
    <div className="till-report" data-testid={`report-${report.kind.toLowerCase()}`}>
      <section className="panel">
        <h2>{title}</h2>
        <p className="muted">{t.reportPeriod(formatDateTime(report.from), formatDateTime(report.to))}</p>
        <Figures report={report} />
        {report.kind === 'Z' && (
          <p className="small muted hashes">
            {t.zPrevHash} <code>{report.prevHash}</code>
            <br />
            {t.zHash} <code data-testid="z-hash">{report.hash}</code>
          </p>
        )}
      </section>
      <div className="report-grid">
        <section className="panel">
          <h2>{t.byChannel}</h2>
          <BarRows
            bars={bars}
            label={`${t.byChannel}: ${bars.map((b) => `${b.label} ${b.valueText}`).join('；')}`}
            testId="channel"
          />
        </section>
        <section className="panel">
          <h2>{t.drawerTitle}</h2>
          <Drawer drawer={report.drawer} />
        </section>
      </div>
      <section className="panel">
        <h2>{t.byCashier}</h2>
        <DataTable
          testId="by-cashier"
          rows={report.byCashier}
          rowKey={(c) => c.staffId}
          columns={[
            { head: t.cashier, cell: (c) => c.username },
            { head: t.orders, num: true, cell: (c) => c.orders },
            { head: t.paidFen, num: true, cell: (c) => formatFen(c.paidFen) },
          ]}
        />
        <h2>{t.shiftsColumn}</h2>
        <DataTable
          testId="report-shifts"
          rows={report.shifts}
          rowKey={(s) => s.id}
          columns={[
            { head: t.cashier, cell: (s) => s.username },
            { head: t.openShiftTitle, cell: (s) => formatDateTime(s.openedAt) },
            { head: t.closeShiftTitle, cell: (s) => (s.closedAt === null ? t.stillOpen : formatDateTime(s.closedAt)) },
            { head: t.drawerExpected, num: true, cell: (s) => formatFen(s.drawer.expectedFen) },
            {
              head: t.drawerCounted,
              num: true,
              cell: (s) => (s.drawer.countedFen === null ? '—' : formatFen(s.drawer.countedFen)),
            },
            {
              head: t.drawerDifference,
              num: true,
              cell: (s) => (s.drawer.differenceFen === null ? '—' : formatFen(s.drawer.differenceFen)),
            },
          ]}
        />
      </section>
    </div>
  )
}

function Figures({ report }: { report: TillReportFigures }) {
  const t = useStrings()
  const kpis: [string, string, string][] = [
    [t.paidOrders, String(report.paidOrders), 'paid-orders'],
    [t.paidFen, formatFen(report.paidFen), 'paid-fen'],
    [t.reportRefunds, `${formatFen(report.refunds.fen)} · ${t.paymentsN(report.refunds.count)}`, 'refunds'],
    [t.reportCancelled, `${report.cancelledOrders.count} · ${formatFen(report.cancelledOrders.payFen)}`, 'cancelled'],
    [t.reportDiscounts, formatFen(report.discountsFen), 'discounts'],
    [t.reportReturns, formatFen(report.returnsFen), 'returns'],
  ]
  return (
    <div className="kpis">
      {kpis.map(([label, value, id]) => (
        <div className="kpi panel" key={id}>
          <span className="muted">{label}</span>
          <strong className="money" data-testid={`z-${id}`}>
            {value}
          </strong>
        </div>
      ))}
    </div>
  )
}

function Drawer({ drawer }: { drawer: DrawerFigures }) {
  const t = useStrings()
  const rows: [string, number | null][] = [
    [t.drawerFloat, drawer.floatFen],
    [`+ ${t.drawerTaken}`, drawer.takenFen],
    [`− ${t.changeDue}`, drawer.changeFen],
    [`− ${t.drawerRefunds}`, drawer.refundsFen],
    [`+ ${t.drawerIn}`, drawer.inFen],
    [`− ${t.drawerOut}`, drawer.outFen],
    [`= ${t.drawerExpected}`, drawer.expectedFen],
    [t.drawerCounted, drawer.countedFen],
    [t.drawerDifference, drawer.differenceFen],
  ]
  return (
    <table className="lines drawer" data-testid="drawer">
      <tbody>
        {rows.map(([label, fen]) => (
          <tr key={label} className={fen !== null && label === t.drawerDifference && fen !== 0 ? 'refund' : undefined}>
            <td>{label}</td>
            <td className="num">{fen === null ? t.stillOpen : formatFen(fen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
