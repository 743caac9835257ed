// 报表: one local calendar day (today unless picked) — paid orders, sales and refunds, sales by
// payment method and by hour as bar charts, and the best-selling goods. All figures are the
// server's; nothing is summed here.
import { useState } from 'react'
import { formatFen, formatFenBrief } from '../../src-shared/money'
import { quantityText } from '../../src-shared/weight'
import { availablePayMethods, payMethodNames, payMethods, type PayMethod } from '../../src-shared/order-status'
import { DataTable } from '../components/DataTable'
import { LoadStatus } from '../components/LoadStatus'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useLoad } from '../use-call'
import { BillMatch } from './BillMatch'
import { BarRows, ColumnChart, type Bar } from './charts'
import { AdminSection, todayText } from './kit'

/** The UTC offset of that local day, as reports.day wants it. */
function offsetOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return -new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).getTimezoneOffset()
}

export function ReportsAdmin() {
  const t = useStrings()
  const language = useTill((s) => s.language)
  const [date, setDate] = useState(todayText)
  const day = useLoad(
    /^\d{4}-\d{2}-\d{2}$/.test(date)
      ? () => window.pos['reports.day']({ date, utcOffsetMinutes: offsetOf(date), topSkus: 10 })
      : null,
    [date],
  )
  const report = day.data

  // Every method that can take money, plus any other that has sales that day.
  const shownMethods = payMethods.filter(
    (m) => availablePayMethods.has(m) || report?.byPayMethod.some((p) => p.payMethod === m),
  )
  const methodBars: Bar[] = shownMethods.map((m: PayMethod) => {
    const row = report?.byPayMethod.find((p) => p.payMethod === m)
    const salesFen = row?.salesFen ?? 0
    const orders = row?.orders ?? 0
    return {
      key: String(m),
      label: payMethodNames[m][language],
      value: Math.max(0, salesFen),
      valueText: `${formatFen(salesFen)} · ${t.ordersN(orders)}`,
      extra: { 'pay-method': m, 'sales-fen': salesFen, orders },
    }
  })
  const hourBars: Bar[] = (report?.byHour ?? []).map((h) => ({
    key: String(h.hour),
    label: String(h.hour),
    value: Math.max(0, h.salesFen),
    valueText: `${t.hourLabel(h.hour)} ${formatFen(h.salesFen)} · ${t.ordersN(h.orders)}`,
    extra: { hour: h.hour, 'sales-fen': h.salesFen, orders: h.orders },
  }))

  return (
    <AdminSection
      title={t.tabReports}
      tools={
        <>
          <label className="inline-field">
            {t.reportDate}
            <input
              type="date"
              value={date}
              max={todayText()}
              onChange={(e) => setDate(e.target.value || todayText())}
            />
          </label>
          <button type="button" onClick={day.reload}>
            {t.refresh}
          </button>
        </>
      }
    >
      <LoadStatus load={day} />
      {report && (
        <>
          <div className="kpis">
            <div className="kpi panel">
              <span className="muted">{t.paidOrders}</span>
              <strong data-testid="report-orders">{report.paidOrders}</strong>
            </div>
            <div className="kpi panel">
              <span className="muted">{t.salesFen}</span>
              <strong className="money" data-testid="report-sales">
                {formatFen(report.salesFen)}
              </strong>
              <span className="muted small">
                {t.paidFen} {formatFen(report.paidFen)}
              </span>
            </div>
            <div className="kpi panel">
              <span className="muted">{t.refundedFen}</span>
              <strong className={report.refundedFen > 0 ? 'refund' : undefined} data-testid="report-refunds">
                {formatFen(report.refundedFen)}
              </strong>
            </div>
            <div className="kpi panel">
              <span className="muted">{t.discountsFen}</span>
              <strong className="money" data-testid="report-discounts">
                {formatFen(report.discounts.discountFen)}
              </strong>
              <span className="muted small">{t.ordersN(report.discounts.orders)}</span>
            </div>
            <div className="kpi panel">
              <span className="muted">{t.returnsOfDay}</span>
              <strong data-testid="report-returns">{report.returns.count}</strong>
              <span className="muted small">
                {t.returnsMoney(formatFen(report.returns.refundFen), formatFen(report.returns.lostFen))}
              </span>
            </div>
          </div>
          <div className="report-grid">
            <section className="panel">
              <h2>{t.byPayMethod}</h2>
              <BarRows
                bars={methodBars}
                label={`${t.byPayMethod}: ${methodBars.map((b) => `${b.label} ${b.valueText}`).join('；')}`}
                testId="pay-method"
              />
            </section>
            <section className="panel">
              <h2>{t.topSkus}</h2>
              {report.topSkus.length === 0 ? (
                <p className="muted empty">{t.noSales}</p>
              ) : (
                <DataTable
                  testId="top-skus"
                  rows={report.topSkus}
                  rowKey={(s) => s.skuId}
                  columns={[
                    { head: '#', className: 'muted', cell: (_, i) => i + 1 },
                    { head: t.goodsName, cell: (s) => s.name },
                    { head: t.unitsSold, num: true, cell: (s) => quantityText(s.units, s.unitGrams) },
                    { head: t.salesFen, num: true, cell: (s) => formatFen(s.salesFen) },
                  ]}
                />
              )}
            </section>
            <section className="panel span2">
              <h2>{t.byHour}</h2>
              <ColumnChart
                bars={hourBars}
                label={`${t.byHour}: ${
                  hourBars
                    .filter((b) => b.value > 0)
                    .map((b) => b.valueText)
                    .join('；') || t.noSales
                }`}
                axisText={formatFenBrief}
                tick={(i) => i % 3 === 0 || i === 23}
                testId="hour"
              />
            </section>
            <BillMatch date={date} />
          </div>
        </>
      )}
    </AdminSection>
  )
}
