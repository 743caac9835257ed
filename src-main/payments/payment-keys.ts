// Idempotency keys of the counter's money-moving clicks (cash, card, barcode): the same way an
// order submit uses its key (orders/checkout.service.ts). The key and the hash of what the click
// asked for are written with the payment, in the payment's own transaction; a call whose key has
// already made a payment answers with that payment, and the key with another payload is
// IDEMPOTENCY_CONFLICT. So a cashier who saw DB_UNAVAILABLE (the commit may or may not have
// happened) can press again: the money is recorded once and the same receipt comes back.
import { createHash } from 'node:crypto'
import { PosError } from '../../src-shared/errors'
import type { Core } from '../core/core'
import { couldBeRepeat } from '../db/errors'
import type { PaymentChannel, PaymentRow } from '../db/schema'
import { findPaymentByRequestKey } from './payments.repository'

/** What one click asks for; its hash tells a repeat from another request under the same key. */
export interface PaymentRequest {
  channel: PaymentChannel
  orderId: number
  /** Cash: what was tendered. */
  tenderedFen?: number
  /** Barcode: the customer's payment code. */
  authCode?: string
  /** The part paid (split tender); absent for the whole of what is owed. */
  amountFen?: number
}

/** Written with the payment: the click's key and its request's hash. */
export interface RequestKey {
  request_key: string
  request_hash: string
}

/**
 * Runs `first` — the call as if it were the first with this key — and, when it is refused in a
 * way a repeat would be (the order already paid, the key already taken), answers with `replay`
 * of the payment the key made. The lookup happens only then, off every first call's path.
 */
export async function repeatable<T>(
  core: Core,
  key: string,
  request: PaymentRequest,
  first: (requestKey: RequestKey, written: () => void) => Promise<T>,
  replay: (payment: PaymentRow) => Promise<T>,
): Promise<T> {
  const requestKey = { request_key: key, request_hash: hashRequest(request) }
  // Set by `first` once its own payment row is committed (barcode: before asking Alipay): a
  // refusal after that is this call's own answer, not a repeat's.
  let ownRow = false
  try {
    return await first(requestKey, () => (ownRow = true))
  } catch (error) {
    if (ownRow || !couldBeRepeat(error, 'request_key')) throw error
    const earlier = await findPaymentByRequestKey(core.store.db, key)
    if (!earlier) throw error
    if (earlier.request_hash !== requestKey.request_hash)
      throw new PosError('IDEMPOTENCY_CONFLICT', 'This payment click was already used for another payment.')
    return replay(earlier)
  }
}

function hashRequest(request: PaymentRequest): string {
  const fields = [request.channel, request.orderId, request.tenderedFen ?? null, request.authCode ?? null]
  // A part's amount only when one was asked: a click for the whole hashes as it always did.
  const canonical = JSON.stringify(request.amountFen === undefined ? fields : [...fields, request.amountFen])
  return createHash('sha256').update(canonical).digest('hex')
}
