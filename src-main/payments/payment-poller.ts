// One timer per pending Alipay payment, its wait doubling after each look (never a blocking
// loop), and the background work under way — looks, cancels, automatic refunds — so that
// closing can wait for it.
import type { Core } from '../core/core'
import type { PaymentSettings } from './payment-options'
import type { CheckResult } from './pending-trades'

export class PaymentPoller {
  private readonly polls = new Map<number, NodeJS.Timeout>()
  private readonly running = new Set<Promise<unknown>>()
  private stopped = false

  constructor(
    private readonly log: Core['log'],
    private readonly options: PaymentSettings,
    private readonly check: (paymentId: number) => Promise<CheckResult>,
  ) {}

  get closed(): boolean {
    return this.stopped
  }

  /** Follows a pending payment: checks with growing waits until it is settled or the poller closes. */
  watch(paymentId: number, delay = this.options.pollInitialMs): void {
    if (this.stopped || this.options.poll === false || this.polls.has(paymentId)) return
    const timer = setTimeout(() => {
      const run = this.check(paymentId).then(
        (found) => found === 'pending',
        (error: unknown) => {
          this.log.warn({ err: error, paymentId }, 'checking a pending payment failed; trying again')
          return true
        },
      )
      this.track(
        run.then((again) => {
          this.polls.delete(paymentId)
          if (again) this.watch(paymentId, Math.min(delay * 2, this.options.pollMaxMs))
        }),
      )
    }, delay)
    timer.unref()
    this.polls.set(paymentId, timer)
  }

  track(work: Promise<unknown>): void {
    this.running.add(work)
    void work.finally(() => this.running.delete(work))
  }

  /** Waits for the background work under way to end. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }

  /** Stops every poller and waits for the work under way. */
  async close(): Promise<void> {
    this.stopped = true
    for (const timer of this.polls.values()) clearTimeout(timer)
    this.polls.clear()
    await Promise.allSettled([...this.running])
  }
}
