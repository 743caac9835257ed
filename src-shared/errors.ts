// Every error a user can meet has a code from this list, a message a cashier understands and,
// where it helps, details (which SKU, how many asked and left, which field). Errors cross the
// contract as data, never as thrown exceptions.

export const errorCodes = [
  'NOT_LOGGED_IN',
  'LOGIN_FAILED',
  'LOGIN_LOCKED',
  'PIN_LOCKED',
  'PIN_OFFLINE',
  'PIN_NOT_FOR_ADMIN',
  'PIN_TOO_SIMPLE',
  'FORBIDDEN',
  'INVALID_INPUT',
  'CART_EMPTY',
  'CART_CHANGED',
  'CART_NOT_EMPTY',
  'PARKED_SALE_NOT_FOUND',
  'PARKED_SALE_TAKEN',
  'ADDRESS_NOT_FOUND',
  'MEMBER_NOT_FOUND',
  'PAY_METHOD_UNAVAILABLE',
  'SKU_NOT_FOUND',
  'INVALID_BARCODE',
  'SKU_OFF_SALE',
  'INSUFFICIENT_STOCK',
  'AMOUNT_TOO_LARGE',
  'AMOUNT_EXCEEDS_DUE',
  'DISCOUNT_TOO_LARGE',
  'DISCOUNT_NEEDS_APPROVAL',
  'DISCOUNT_APPROVAL_REFUSED',
  'STOCK_CONTENDED',
  'IDEMPOTENCY_CONFLICT',
  'ORDER_NOT_FOUND',
  'ILLEGAL_TRANSITION',
  'RETURN_EXCEEDS_SOLD',
  'ALREADY_EXISTS',
  'PAYMENT_PENDING',
  'PAYMENT_FAILED',
  'GATEWAY_UNAVAILABLE',
  'SIGNATURE_INVALID',
  'DB_UNAVAILABLE',
  'CACHE_UNAVAILABLE',
  'SHIFT_CLOSED',
  'SHIFT_ALREADY_OPEN',
  'SHIFT_STILL_OPEN',
  'APPROVAL_NEEDED',
  'PRINTER_NOT_SET',
  'PRINTER_OFFLINE',
  'UNREACHABLE',
  'INTERNAL',
] as const

export type ErrorCode = (typeof errorCodes)[number]

/**
 * Codes after which the very same request may succeed if simply sent again. The one source of
 * "retryable": an error never carries it in its details; whoever needs to know (PosError.retryable,
 * a screen) asks with the code.
 */
export const retryableCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'STOCK_CONTENDED',
  'DB_UNAVAILABLE',
  'CACHE_UNAVAILABLE',
  'GATEWAY_UNAVAILABLE',
  'PAYMENT_PENDING',
  'PRINTER_OFFLINE',
  'UNREACHABLE',
])

export interface ErrorBody {
  code: ErrorCode
  message: string
  details?: Record<string, unknown>
}

export class PosError extends Error {
  readonly code: ErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? defaultMessages[code])
    this.name = 'PosError'
    this.code = code
    this.details = details
  }

  get retryable(): boolean {
    return retryableCodes.has(this.code)
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export const defaultMessages: Record<ErrorCode, string> = {
  NOT_LOGGED_IN: 'Please log in first.',
  LOGIN_FAILED: 'Wrong user name or password.',
  LOGIN_LOCKED: 'Too many failed logins. Please wait before trying again.',
  PIN_LOCKED:
    'Too many failed logins: PIN login is off for this name or till. Log in with your password, or ask an admin.',
  PIN_OFFLINE: 'PIN login needs the shop database, which cannot be reached now. Log in with your password.',
  PIN_NOT_FOR_ADMIN: 'Admins cannot have a PIN; only cashiers can.',
  PIN_TOO_SIMPLE: 'That PIN is too easy to guess (all one digit, or digits in a row). Choose another.',
  FORBIDDEN: 'Your account is not allowed to do this.',
  INVALID_INPUT: 'Some of the entered values are not valid.',
  CART_EMPTY: 'The cart has no goods to order.',
  CART_CHANGED: 'Prices or counts changed since the total was shown. Check the new total.',
  CART_NOT_EMPTY: 'This till already has a sale open. Park it or finish it first.',
  PARKED_SALE_NOT_FOUND: 'That parked sale is no longer there: it expired or was removed.',
  PARKED_SALE_TAKEN: 'Another till has already recalled that parked sale.',
  ADDRESS_NOT_FOUND: 'That delivery address does not belong to this member.',
  MEMBER_NOT_FOUND: 'No member with that phone or id.',
  PAY_METHOD_UNAVAILABLE: 'This payment method is not available.',
  SKU_NOT_FOUND: 'No goods with that code.',
  INVALID_BARCODE: 'The scale label did not read right (check digit). Scan it again or type the weight.',
  SKU_OFF_SALE: 'These goods are not on sale.',
  INSUFFICIENT_STOCK: 'Not enough stock left.',
  AMOUNT_TOO_LARGE: 'The amount is more than one order or one SKU may hold.',
  AMOUNT_EXCEEDS_DUE: 'That is more than the order still owes.',
  DISCOUNT_TOO_LARGE: 'The discount is more than the amount (or more than 100 %).',
  DISCOUNT_NEEDS_APPROVAL: "The discount is above the cashier's limit: an admin must approve it.",
  DISCOUNT_APPROVAL_REFUSED: 'The approval was refused: wrong user name or password, or not an admin.',
  STOCK_CONTENDED: 'Many tills are selling these goods right now. Please try again.',
  IDEMPOTENCY_CONFLICT: 'This submission was already used for a different order or payment.',
  ORDER_NOT_FOUND: 'No such order.',
  ILLEGAL_TRANSITION: 'The order cannot do that in its current status.',
  RETURN_EXCEEDS_SOLD: 'That is more than was sold on this order, less what came back already.',
  ALREADY_EXISTS: 'That already exists.',
  PAYMENT_PENDING: 'The payment is still in progress.',
  PAYMENT_FAILED: 'The payment did not go through.',
  GATEWAY_UNAVAILABLE: 'The payment service cannot be reached. Please try again.',
  SIGNATURE_INVALID: 'The payment service answer could not be verified.',
  DB_UNAVAILABLE: 'The shop database cannot be reached. Please try again.',
  CACHE_UNAVAILABLE: 'The cart service cannot be reached. Please try again.',
  SHIFT_CLOSED: 'This till has no open shift. Open a shift with the counted float first.',
  SHIFT_ALREADY_OPEN: 'This till already has an open shift.',
  SHIFT_STILL_OPEN: 'The shift on this till is still open. Close it (count the drawer) before the Z report.',
  APPROVAL_NEEDED: 'A cash out this large needs an admin: the admin enters their name and password at the till.',
  PRINTER_NOT_SET:
    'No receipt printer is set for this till. Print through the print dialog, or ask an admin to set one.',
  PRINTER_OFFLINE: 'The receipt printer did not answer. The sale is done; check the printer, then print again.',
  UNREACHABLE: 'The till service did not answer. Check that it is running, then try again.',
  INTERNAL: 'Something went wrong. Tell the manager the trace id.',
}
