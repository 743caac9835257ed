// Switches that make the gateway misbehave the ways a real network and gateway do, so the
// client's handling of each can be tested. Each fault may be limited to one method and to the
// next N calls; without a count it stays until cleared.
//
// Whether the operation itself happens matters to a client, so it is fixed per kind:
//   latency       the operation happens at once; the answer leaves `ms` later
//   http5xx       HTTP `status` (default 502), nothing happens       — as from a failing proxy
//   nonJson       HTTP 200 with an HTML error page, nothing happens  — likewise
//   systemError   a signed 40004 ACQ.SYSTEM_ERROR (retry_flag Y), nothing happens
//   badSignature  the operation happens; the answer's signature does not match it
//   drop          the operation happens; the connection is cut without any answer ("done, answer lost")
//   doneButUnknown  the operation happens; the answer is a signed 20000 isp.unknow-error
//   unsignedRefusal nothing happens; an UNSIGNED 40004 with `subCode` (as Alipay sends some refusals)
//   cancelRaced   cancel and close answer "closed" but the trade stays open: the customer can still
//                 pay it, and its notify arrives for an attempt the client gave up

export const faultKinds = [
  'latency',
  'http5xx',
  'nonJson',
  'systemError',
  'badSignature',
  'drop',
  'doneButUnknown',
  'unsignedRefusal',
  'cancelRaced',
] as const
export type FaultKind = (typeof faultKinds)[number]

export interface FaultSwitch {
  kind: FaultKind
  /** latency: how long to hold the answer. */
  ms?: number
  /** http5xx: the status to answer with. */
  status?: number
  /** unsignedRefusal: the business sub_code to refuse with (ACQ.SELLER_BALANCE_NOT_ENOUGH by default). */
  subCode?: string
  /** Only calls of this method (e.g. `alipay.trade.query`); every gateway call without it. */
  method?: string
  /** Only the next N matching calls; until cleared without it. */
  count?: number
}

export interface ActiveFault extends FaultSwitch {
  id: number
}

export interface FaultsForCall {
  latencyMs: number
  /** The one fault that decides what the answer is, if any (the earliest switched on). */
  outcome: FaultKind | undefined
  status: number
  subCode: string
}

export class FaultSwitches {
  private active: ActiveFault[] = []
  private nextId = 1

  /** Switches a fault on; throws a RangeError naming the problem in a bad switch. */
  add(input: FaultSwitch): ActiveFault {
    const fault = checkFault(input)
    const active = { ...fault, id: this.nextId++ }
    this.active.push(active)
    return active
  }

  clear(): void {
    this.active = []
  }

  list(): ActiveFault[] {
    return this.active.map((fault) => ({ ...fault }))
  }

  /** The faults for one gateway call; every fault that applies uses up one of its count. */
  take(method: string): FaultsForCall {
    const result: FaultsForCall = {
      latencyMs: 0,
      outcome: undefined,
      status: 502,
      subCode: 'ACQ.SELLER_BALANCE_NOT_ENOUGH',
    }
    for (const fault of this.active) {
      if (fault.method !== undefined && fault.method !== method) continue
      if (fault.kind === 'latency') result.latencyMs = Math.max(result.latencyMs, fault.ms ?? 0)
      else if (result.outcome === undefined) {
        result.outcome = fault.kind
        if (fault.kind === 'http5xx') result.status = fault.status ?? 502
        if (fault.subCode !== undefined) result.subCode = fault.subCode
      } else continue
      if (fault.count !== undefined) fault.count--
    }
    this.active = this.active.filter((fault) => fault.count === undefined || fault.count > 0)
    return result
  }
}

function checkFault(input: FaultSwitch): FaultSwitch {
  if (typeof input !== 'object' || input === null) throw new RangeError('a fault is an object like {"kind":"drop"}')
  const { kind, ms, status, method, count, subCode } = input
  if (!faultKinds.includes(kind)) throw new RangeError(`fault kind must be one of ${faultKinds.join(', ')}`)
  if (kind === 'latency' && !(Number.isInteger(ms) && (ms as number) >= 0 && (ms as number) <= 600_000)) {
    throw new RangeError('latency needs ms, a whole number of milliseconds up to 600000')
  }
  if (status !== undefined && !(kind === 'http5xx' && Number.isInteger(status) && status >= 500 && status <= 599)) {
    throw new RangeError('status is for http5xx only, from 500 to 599')
  }
  if (
    subCode !== undefined &&
    !(kind === 'unsignedRefusal' && typeof subCode === 'string' && /^ACQ\.[A-Z_]+$/.test(subCode))
  )
    throw new RangeError('subCode is for unsignedRefusal only, an ACQ.* business sub_code')
  if (method !== undefined && (typeof method !== 'string' || !/^[a-z.]+$/.test(method)))
    throw new RangeError('method must be a gateway method name')
  if (count !== undefined && !(Number.isInteger(count) && count >= 1))
    throw new RangeError('count must be a whole number from 1')
  return {
    kind,
    ...(ms !== undefined ? { ms } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(subCode !== undefined ? { subCode } : {}),
  }
}
