// Reading the dispatcher's results in tests: the data of a success, the error of a failure.
import { expect } from 'vitest'
import type { CallResult } from '../../src-shared/contract'
import type { ErrorBody, ErrorCode } from '../../src-shared/errors'

export function ok<T>(result: CallResult<T>): T {
  expect(result.ok, JSON.stringify(result)).toBe(true)
  if (!result.ok) throw new Error('unreachable')
  return result.data
}

export function failed(result: CallResult<unknown>, code: ErrorCode): ErrorBody {
  expect(result.ok, JSON.stringify(result)).toBe(false)
  if (result.ok) throw new Error('unreachable')
  expect(result.error.code, JSON.stringify(result.error)).toBe(code)
  // Every failure a cashier can meet comes with words for them.
  expect(result.error.message, JSON.stringify(result.error)).toMatch(/\S/)
  return result.error
}

/** INVALID_INPUT whose details.fields names `field`. */
export function invalid(result: CallResult<unknown>, field: string): ErrorBody {
  const error = failed(result, 'INVALID_INPUT')
  const fields = error.details?.fields
  expect(fields, JSON.stringify(error)).toBeTypeOf('object')
  expect(Object.keys(fields ?? {}), JSON.stringify(error)).toContain(field)
  return error
}
