// The cashier's message for every error code: the one table per language the till shows. The
// server's English message (defaultMessages) is only the fallback for a code this till does not
// know yet (a newer server).
import type { ErrorBody, ErrorCode } from '../../src-shared/errors'
import { formatFen } from '../../src-shared/money'
import { payEn, payZh } from './pay'

type Details = Record<string, unknown>
type ErrorMessages = Record<ErrorCode, (d: Details) => string>

const yuan = (value: unknown) => (typeof value === 'number' ? formatFen(value) : '')

const str = (value: unknown, fallback = '') =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : fallback

function fieldList(d: Details): string {
  const fields = d.fields
  if (typeof fields !== 'object' || fields === null) return ''
  const names = Object.keys(fields)
  return names.length ? `（${names.join(', ')}）` : ''
}

/** A LOGIN_LOCKED wait, in whole minutes once it is a minute or more. */
const waitZh = (seconds: unknown) => {
  const s = typeof seconds === 'number' ? seconds : 1
  return s < 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`
}
const waitEn = (seconds: unknown) => {
  const s = typeof seconds === 'number' ? seconds : 1
  if (s < 60) return s === 1 ? '1 second' : `${s} seconds`
  const m = Math.ceil(s / 60)
  return m === 1 ? '1 minute' : `${m} minutes`
}

/** Alipay's refusal in the cashier's language: the text for its sub_code, else Alipay's own reason. */
function refusal(d: Details, pay: typeof payZh, fallback: string): string {
  const known = typeof d.subCode === 'string' ? pay.alipayRefusals[d.subCode] : undefined
  const reason = known ?? (typeof d.reason === 'string' && d.reason ? d.reason : null)
  return reason ? pay.refusedBecause(reason) : fallback
}

export const errorsZh: ErrorMessages = {
  NOT_LOGGED_IN: () => '请先登录。',
  LOGIN_FAILED: () => '用户名或密码错误。',
  LOGIN_LOCKED: (d) => `登录失败次数过多，请 ${waitZh(d.retryAfterSeconds)}后再试，或请管理员解除锁定。`,
  PIN_LOCKED: () => '登录失败次数过多，PIN 登录已暂停。请用密码登录，或请管理员解除锁定。',
  PIN_OFFLINE: () => '连不上店里的数据库，暂时不能用 PIN 登录。请用密码登录。',
  PIN_NOT_FOR_ADMIN: () => '管理员不能设置 PIN，只有收银员可以。',
  PIN_TOO_SIMPLE: () => '这个 PIN 太容易猜（同一个数字或连续数字），请换一个。',
  FORBIDDEN: () => '当前账号无权进行此操作。',
  INVALID_INPUT: (d) => `输入有误${fieldList(d)}。`,
  CART_EMPTY: () => '购物车是空的，请先添加商品。',
  CART_CHANGED: () => '价格或数量已变化，请核对新的金额后再次确认。',
  CART_NOT_EMPTY: () => '本收银台还有未完成的一单，请先挂单或结算后再取单。',
  PARKED_SALE_NOT_FOUND: () => '该挂单已不存在：已过期或已被取走。',
  PARKED_SALE_TAKEN: (d) => (d.tillId ? `该挂单已被收银台 ${str(d.tillId)} 取走。` : '该挂单已被另一台收银机取走。'),
  ADDRESS_NOT_FOUND: () => '该收货地址不属于此会员。',
  MEMBER_NOT_FOUND: (d) => (d.phone ? `未找到手机号为 ${str(d.phone)} 的会员。` : '未找到该会员。'),
  PAY_METHOD_UNAVAILABLE: () => '该支付方式暂不可用，请选择其他方式。',
  SKU_NOT_FOUND: (d) =>
    d.scaleCode
      ? `秤码 ${str(d.scaleCode)} 没有对应的称重商品，请在商品管理中设置。`
      : d.barcode
        ? `未找到条码为 ${str(d.barcode)} 的商品。`
        : '未找到该商品。',
  INVALID_BARCODE: (d) =>
    d.reason === 'empty'
      ? `秤签 ${str(d.barcode)} 上没有金额或重量，请重新称重打签。`
      : `秤签 ${str(d.barcode)} 校验位不对，可能没扫清楚：请重扫，或手输重量。`,
  SKU_OFF_SALE: (d) => (d.name ? `商品已下架：${str(d.name)}` : '该商品已下架。'),
  INSUFFICIENT_STOCK: (d) =>
    d.name
      ? `库存不足：${str(d.name)} 仅剩 ${str(d.left, '0')}${d.grams ? ' 克' : ''}`
      : d.left !== undefined
        ? `库存不足：仅剩 ${str(d.left)}。`
        : '库存不足。',
  STOCK_CONTENDED: () => '多台收银机正在销售该商品，请重试。',
  IDEMPOTENCY_CONFLICT: () => '此次提交已用于另一笔订单或付款，请查看订单后重新操作。',
  ORDER_NOT_FOUND: () => '未找到该订单。',
  ILLEGAL_TRANSITION: () => '订单当前状态不允许此操作。',
  RETURN_EXCEEDS_SOLD: (d) =>
    d.name ? `退货超过可退数量：${str(d.name)} 最多还能退 ${str(d.left, '0')}。` : '退货超过了该订单售出且未退的数量。',
  ALREADY_EXISTS: () => '该记录已存在。',
  PAYMENT_PENDING: () => '支付仍在进行中。',
  AMOUNT_EXCEEDS_DUE: (d) =>
    d.reservedFen
      ? `超出订单还需支付的金额：还需 ${yuan(d.dueFen)}，其中 ${yuan(d.reservedFen)} 正在等待支付宝付款。`
      : `超出订单还需支付的金额：还需 ${yuan(d.dueFen)}。`,
  AMOUNT_TOO_LARGE: (d) =>
    d.maxStock !== undefined
      ? `库存过大：一个商品最多 ${str(d.maxStock)}。`
      : `金额过大：一笔订单最多 ${yuan(d.maxFen)}，请分成几笔结账。`,
  DISCOUNT_TOO_LARGE: (d) =>
    d.maxPercent !== undefined
      ? '折扣不能超过 100%。'
      : `优惠 ${yuan(d.discountFen)} 超过了金额 ${yuan(d.amountFen)}。`,
  DISCOUNT_NEEDS_APPROVAL: (d) => `优惠超过收银员的权限（最多 ${yuan(d.limitFen)}），需要管理员授权。`,
  DISCOUNT_APPROVAL_REFUSED: () => '授权未通过：用户名或密码错误，或该账号不是管理员。',
  PAYMENT_FAILED: (d) => refusal(d, payZh, '支付未成功。'),
  GATEWAY_UNAVAILABLE: () => '无法连接支付服务，请重试。',
  SIGNATURE_INVALID: () => '支付服务的应答无法验证。',
  DB_UNAVAILABLE: () => '无法连接门店数据库，请重试。',
  CACHE_UNAVAILABLE: () => '无法连接购物车服务，请重试。',
  SHIFT_CLOSED: () => '本机没有打开的班次：请先清点备用金并开班。',
  SHIFT_ALREADY_OPEN: () => '本机已有打开的班次。',
  SHIFT_STILL_OPEN: () => '本机的班次还没有结束：请先交班（清点钱箱），再出 Z 报表。',
  APPROVAL_NEEDED: (d) => `取出现金超过 ${yuan(d.limitFen)} 需要管理员批准：请管理员在本机输入用户名和密码。`,
  PRINTER_NOT_SET: () => '本机没有设置小票打印机：请用“打印”通过系统打印对话框打印，或请管理员在本机设置中设置打印机。',
  PRINTER_OFFLINE: (d) =>
    `小票打印机${d.printer ? ` ${str(d.printer)} ` : ''}没有应答（离线、缺纸或开盖）。本单已完成收款；请检查打印机后重打小票。`,
  UNREACHABLE: () => '收银服务没有应答，请确认它在运行后重试。',
  INTERNAL: (d) => `系统出错，请告知店长追踪号 ${str(d.traceId, '—')}。`,
}

export const errorsEn: ErrorMessages = {
  NOT_LOGGED_IN: () => 'Please log in first.',
  LOGIN_FAILED: () => 'Wrong user name or password.',
  LOGIN_LOCKED: (d) =>
    `Too many failed logins. Try again in ${waitEn(d.retryAfterSeconds)}, or ask an admin to clear the lockout.`,
  PIN_LOCKED: () => 'Too many failed logins: PIN login is paused. Log in with your password, or ask an admin.',
  PIN_OFFLINE: () =>
    'The shop database cannot be reached, so PIN login is not possible now. Log in with your password.',
  PIN_NOT_FOR_ADMIN: () => 'Admins cannot have a PIN; only cashiers can.',
  PIN_TOO_SIMPLE: () => 'That PIN is too easy to guess (all one digit, or digits in a row). Choose another.',
  FORBIDDEN: () => 'Your account is not allowed to do this.',
  INVALID_INPUT: (d) => `Some entered values are not valid${fieldList(d)}.`,
  CART_EMPTY: () => 'The cart is empty. Add goods first.',
  CART_CHANGED: () => 'Prices or counts changed. Check the new total and confirm again.',
  CART_NOT_EMPTY: () => 'This till still has a sale open. Park it or finish it before recalling another.',
  PARKED_SALE_NOT_FOUND: () => 'That parked sale is no longer there: it expired or was taken.',
  PARKED_SALE_TAKEN: (d) =>
    d.tillId
      ? `Till ${str(d.tillId)} has already recalled that parked sale.`
      : 'Another till has already recalled that parked sale.',
  ADDRESS_NOT_FOUND: () => 'That delivery address does not belong to this member.',
  MEMBER_NOT_FOUND: (d) => (d.phone ? `No member with phone ${str(d.phone)}.` : 'No such member.'),
  PAY_METHOD_UNAVAILABLE: () => 'This payment method is not available. Choose another.',
  SKU_NOT_FOUND: (d) =>
    d.scaleCode
      ? `No weighed goods have scale code ${str(d.scaleCode)}. Set it in the goods admin.`
      : d.barcode
        ? `No goods with barcode ${str(d.barcode)}.`
        : 'No such goods.',
  INVALID_BARCODE: (d) =>
    d.reason === 'empty'
      ? `Scale label ${str(d.barcode)} has no amount or weight. Weigh and label it again.`
      : `Scale label ${str(d.barcode)} did not read right (check digit). Scan it again, or type the weight.`,
  SKU_OFF_SALE: (d) => (d.name ? `Not on sale: ${str(d.name)}` : 'These goods are not on sale.'),
  INSUFFICIENT_STOCK: (d) =>
    d.name
      ? `Not enough stock: only ${str(d.left, '0')}${d.grams ? ' g' : ''} of ${str(d.name)} left`
      : d.left !== undefined
        ? `Not enough stock: only ${str(d.left)} left.`
        : 'Not enough stock left.',
  STOCK_CONTENDED: () => 'Several tills are selling these goods right now. Please try again.',
  IDEMPOTENCY_CONFLICT: () =>
    'This submission was already used for another order or payment. Check the order, then start again.',
  ORDER_NOT_FOUND: () => 'No such order.',
  ILLEGAL_TRANSITION: () => 'The order cannot do that in its current status.',
  RETURN_EXCEEDS_SOLD: (d) =>
    d.name
      ? `More than can come back: at most ${str(d.left, '0')} of ${str(d.name)}.`
      : 'That is more than was sold on this order, less what came back already.',
  ALREADY_EXISTS: () => 'That already exists.',
  PAYMENT_PENDING: () => 'The payment is still in progress.',
  AMOUNT_EXCEEDS_DUE: (d) =>
    d.reservedFen
      ? `That is more than the order still owes: ${yuan(d.dueFen)} is due, of which ${yuan(d.reservedFen)} is waiting for an Alipay payment.`
      : `That is more than the order still owes: ${yuan(d.dueFen)} is due.`,
  AMOUNT_TOO_LARGE: (d) =>
    d.maxStock !== undefined
      ? `Too much stock: one SKU holds at most ${str(d.maxStock)}.`
      : `Amount too large: one order may come to at most ${yuan(d.maxFen)}; split it into several.`,
  DISCOUNT_TOO_LARGE: (d) =>
    d.maxPercent !== undefined
      ? 'A discount cannot be more than 100 %.'
      : `The discount of ${yuan(d.discountFen)} is more than the amount, ${yuan(d.amountFen)}.`,
  DISCOUNT_NEEDS_APPROVAL: (d) =>
    `The discount is above the cashier's limit (at most ${yuan(d.limitFen)}): an admin must approve it.`,
  DISCOUNT_APPROVAL_REFUSED: () => 'Approval refused: wrong user name or password, or not an admin.',
  PAYMENT_FAILED: (d) => refusal(d, payEn, 'The payment did not go through.'),
  GATEWAY_UNAVAILABLE: () => 'The payment service cannot be reached. Please try again.',
  SIGNATURE_INVALID: () => 'The payment service answer could not be verified.',
  DB_UNAVAILABLE: () => 'The shop database cannot be reached. Please try again.',
  CACHE_UNAVAILABLE: () => 'The cart service cannot be reached. Please try again.',
  SHIFT_CLOSED: () => 'This till has no open shift. Count the float and open a shift first.',
  SHIFT_ALREADY_OPEN: () => 'This till already has an open shift.',
  SHIFT_STILL_OPEN: () => 'The shift on this till is still open. Close it (count the drawer) before the Z report.',
  APPROVAL_NEEDED: (d) =>
    `Taking out more than ${yuan(d.limitFen)} needs an admin: the admin enters their name and password at this till.`,
  PRINTER_NOT_SET: () =>
    'No receipt printer is set for this till: print through the print dialog (Print), or ask an admin to set one in the till settings.',
  PRINTER_OFFLINE: (d) =>
    `The receipt printer${d.printer ? ` ${str(d.printer)}` : ''} did not answer (offline, out of paper or open). The sale is done; check the printer, then reprint the receipt.`,
  UNREACHABLE: () => 'The till service did not answer. Check that it is running, then try again.',
  INTERNAL: (d) => `Something went wrong. Tell the manager trace id ${str(d.traceId, '—')}.`,
}

/** The message for an error answer in a language's table; the server's text for a code it lacks. */
export function errorText(error: ErrorBody, messages: ErrorMessages): string {
  const message = messages[error.code] as ErrorMessages[ErrorCode] | undefined
  return message ? message(error.details ?? {}) : error.message
}
