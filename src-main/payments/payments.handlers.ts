import type { StaffHandlers } from '../contract/handlers'
import type { PaymentService } from './payments.service'
import type { Refunds } from './payments'

type PaymentMethods =
  | 'payments.startAlipayQr'
  | 'payments.payAlipayBarcode'
  | 'payments.payCash'
  | 'payments.payCard'
  | 'payments.status'
  | 'payments.refund'
  | 'payments.matchDay'

export const paymentHandlers = (payments: PaymentService, refunds: Refunds) =>
  ({
    'payments.startAlipayQr': (input, { actor }) => payments.startAlipayQr(actor, input.orderId, input.amountFen),
    'payments.payAlipayBarcode': (input, { actor }) =>
      payments.payAlipayBarcode(actor, input.orderId, input.authCode, input.idempotencyKey, input.amountFen),
    'payments.payCash': (input, { actor }) =>
      payments.payCash(actor, input.orderId, input.tenderedFen, input.idempotencyKey, input.amountFen),
    'payments.payCard': (input, { actor }) =>
      payments.payCard(actor, input.orderId, input.idempotencyKey, input.amountFen),
    'payments.status': (input, { actor }) => payments.status(actor, input.orderId),
    'payments.refund': (input, { actor }) => refunds.refund(actor, input),
    'payments.matchDay': (input) => payments.matchDay(input.date),
  }) satisfies Pick<StaffHandlers, PaymentMethods>
