import { expect } from 'vitest'
import { PosError } from '../../src-shared/errors'
import { ConfigError } from '../../src-main/config'

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

/** The ConfigError a step must throw; a step that passes, or throws anything else, fails the test. */
export function configError(run: () => unknown): ConfigError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('expected a ConfigError')
}
