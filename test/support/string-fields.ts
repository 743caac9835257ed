// Every string field of a contract input schema, found by walking the zod 4 schema: so a test
// covers a field the day it is added, without anyone listing it.
import type { z } from 'zod'
import { type TextRule, textRules } from '../../src-shared/text'

export interface StringField {
  /** Where the field sits in the input: object keys, and 0 for an array's first element. */
  path: (string | number)[]
  schema: z.ZodType
  /** The text rule the field is built with; undefined for a value with a pattern of its own. */
  rule: Required<TextRule> | undefined
  /** Whether the field's own checks include a regular expression (phones, barcodes, ids…). */
  pattern: boolean
}

type Def = { type: string; [key: string]: unknown }
const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def

const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch'])
const leaves = new Set(['number', 'boolean', 'enum', 'literal', 'bigint', 'null', 'undefined', 'date'])

export function stringFields(schema: z.ZodType, path: (string | number)[] = []): StringField[] {
  const def = defOf(schema)
  if (def.type === 'string') {
    const checks = (def.checks ?? []) as { _zod: { def: { format?: string } } }[]
    return [{ path, schema, rule: textRules.get(schema), pattern: checks.some((c) => c._zod.def.format === 'regex') }]
  }
  if (def.type === 'object') {
    return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) =>
      stringFields(field, [...path, key]),
    )
  }
  if (wrappers.has(def.type)) return stringFields(def.innerType as z.ZodType, path)
  if (def.type === 'array') return stringFields(def.element as z.ZodType, [...path, 0])
  if (def.type === 'pipe') return stringFields(def.in as z.ZodType, path)
  if (def.type === 'union') return (def.options as z.ZodType[]).flatMap((option) => stringFields(option, path))
  if (leaves.has(def.type)) return []
  // A kind of schema this walker does not know could hide a string: say so rather than miss it.
  throw new Error(`stringFields: no rule for a zod '${def.type}' at ${path.join('.') || '(input)'}`)
}

/** A copy of `input` with `value` at `path`, creating the objects and arrays on the way. */
export function withValueAt(input: unknown, path: (string | number)[], value: unknown): unknown {
  const [head, ...rest] = path
  if (head === undefined) return value
  const copy = (Array.isArray(input) ? [...(input as unknown[])] : { ...(input as object) }) as Record<
    string | number,
    unknown
  >
  copy[head] = withValueAt(copy[head] ?? (typeof rest[0] === 'number' ? [] : {}), rest, value)
  return copy
}
