import { expect } from 'vitest'
import { PosError } from '../../src-shared/errors'

/** The PosError a call must fail with; a call that succeeds, or throws anything else, fails the test. */
export async function failure(promise: Promise<unknown>): Promise<PosError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(PosError)
  return error as PosError
}
