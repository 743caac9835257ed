// The page a payment QR code points at: the sandbox's stand-in for the Alipay app on the
// customer's phone. Plain HTML forms, no script and no external assets.
import { formatFen } from '../../../src-shared/money'
import type { Trade } from './trade-book'

const statusText: Record<Trade['status'], string> = {
  WAIT_BUYER_PAY: '等待付款 waiting for payment',
  TRADE_SUCCESS: '支付成功 paid',
  TRADE_FINISHED: '交易完结 finished',
  TRADE_CLOSED: '交易关闭 closed',
}

export function customerPage(trade: Trade | undefined, token: string, notice?: string): string {
  if (!trade)
    return page(
      '二维码无效 — unknown QR code',
      '<p>This QR code is not known to the sandbox (it may have been restarted).</p>',
    )
  const action = (step: 'scan' | 'pay', label: string) =>
    `<form method="post" action="/qr/${encodeURIComponent(token)}/${step}"><button id="${step}" type="submit">${label}</button></form>`
  const open = trade.status === 'WAIT_BUYER_PAY'
  const buttons = !open ? '' : trade.scanned ? action('pay', '确认付款 Pay') : action('scan', '扫一扫 Scan')
  return page(
    '支付宝 Alipay sandbox',
    `<p class="subject">${escapeHtml(trade.subject)}</p>
<p class="amount" id="amount">${escapeHtml(formatFen(trade.totalFen))}</p>
<p class="status" id="status" data-status="${trade.status}" data-scanned="${trade.scanned}">${statusText[trade.status]}${open && !trade.scanned ? ' (not scanned yet)' : ''}</p>
${notice ? `<p class="notice" id="notice">${escapeHtml(notice)}</p>` : ''}
${buttons}
<p class="ids">out_trade_no ${escapeHtml(trade.outTradeNo)}<br>trade_no ${trade.tradeNo}</p>`,
  )
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:24rem;margin:2rem auto;text-align:center}
.amount{font-size:2.5rem;margin:.5rem}.ids{color:#888;font-size:.75rem}
button{font-size:1.2rem;padding:.6rem 2rem;background:#1677ff;color:#fff;border:0;border-radius:.4rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
