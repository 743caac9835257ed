// 核对账单: matches the day's Alipay bill against the shop's payments and refunds
// (payments.matchDay). Alipay's bill comes as a download, so this runs on request, not with the
// report; the server keeps each day's result, and a re-run replaces it.
import { useState } from 'react'
import type { BillMatchView } from '../../src-shared/contract'
import { formatFen } from '../../src-shared/money'
import { BusyButton } from '../components/BusyButton'
import { DataTable } from '../components/DataTable'
import { ErrorMessage } from '../components/ErrorMessage'
import { useStrings } from '../strings'
import { useAction } from '../use-call'

const fenOrDash = (fen: number | null) => (fen === null ? '—' : formatFen(fen))

export function BillMatch({ date }: { date: string }) {
  const t = useStrings()
  const matching = useAction({ exclusive: true })
  const [result, setResult] = useState<BillMatchView | null>(null)

  const match = async () => {
    setResult(null)
    const answer = await matching.run(() => window.pos['payments.matchDay']({ date }))
    if (answer?.ok) setResult(answer.data)
  }

  return (
    <section className="panel span2" data-testid="bill-match">
      <h2>{t.billMatchTitle}</h2>
      <BusyButton type="button" busy={matching.busy} busyText={t.working} onClick={() => void match()}>
        {t.billMatchRun}
      </BusyButton>
      <ErrorMessage error={matching.error} />
      {result && (
        <p className={result.clean ? 'notice' : 'error'} data-testid="bill-match-summary">
          {t.billMatchSummary(result.billDate, result.billPayments, result.billRefunds, result.differences.length)}
        </p>
      )}
      {result && result.differences.length > 0 && (
        <DataTable
          testId="bill-differences"
          rows={result.differences}
          rowKey={(d) => `${d.kind}:${d.outTradeNo}:${d.outRequestNo ?? ''}`}
          columns={[
            { head: t.billDifference, cell: (d) => t.billDifferenceKinds[d.kind] },
            { head: t.outTradeNo, cell: (d) => d.outRequestNo ?? d.outTradeNo },
            { head: t.billOurs, num: true, cell: (d) => fenOrDash(d.ourFen) },
            { head: t.billAlipays, num: true, cell: (d) => fenOrDash(d.alipayFen) },
          ]}
        />
      )}
    </section>
  )
}
