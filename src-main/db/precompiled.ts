// Statements the order path runs for every sale are built by Kysely once, not once per sale. Such
// a statement is written with Kysely's typed builder as anywhere else, but over a marker in the
// place of each value; compiling it once gives its SQL and where each marker sits among the
// parameters. Each run then only puts its values into those places: no builder, no visitor, the
// same SQL text every time (docs/BENCHMARKS.md: building the statements was a good part of a
// sale's client time). Every value is still a bound parameter.
//
// `precompiled` compiles for MySQL, for the one-round-trip batch (batch.ts); `precompiledFor`
// compiles with the database it is run on, once per database (store.db lives as long as the
// store; a transaction compiles it anew), so the same statement serves both stores.
import {
  type CompiledQuery,
  type Compilable,
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  type RawBuilder,
} from 'kysely'
import type { Database } from './schema'

/** Builds MySQL statements without a connection: only ever compiled, never executed. */
export const mysqlBuilder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new MysqlAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new MysqlIntrospector(db),
    createQueryCompiler: () => new MysqlQueryCompiler(),
  },
})

/** A parameter is either one of the run's values (by its name) or a constant the statement was built with. */
type Place<V> = { name: keyof V } | { constant: unknown }

/** What stands for value `name` while the statement is built: a string no value can be. */
const markerOf = (name: string) => `\u0000precompiled:${name}\u0000`

type Statement<R> = Compilable<R> | RawBuilder<R>

/**
 * The statement `build` makes for given values, compiled at its first use over markers for
 * `names`. Each name must reach the SQL as a parameter unchanged — compared, inserted or set,
 * never worked on while building (a marker is a string, not the value) — or compiling says so.
 */
export function precompiled<V extends object, R = unknown>(
  names: readonly (keyof V & string)[],
  build: (values: V, db: Kysely<Database>) => Statement<R>,
): (values: V) => CompiledQuery<R> {
  const statement = precompiledFor(names, build)
  return (values) => statement(mysqlBuilder, values)
}

/** The statement `build` makes for given values, compiled at its first use on each database (see the top). */
export function precompiledFor<V extends object, R = unknown>(
  names: readonly (keyof V & string)[],
  build: (values: V, db: Kysely<Database>) => Statement<R>,
): (db: Kysely<Database>, values: V) => CompiledQuery<R> {
  const byDb = new WeakMap<Kysely<Database>, { template: CompiledQuery<R>; places: Place<V>[] }>()
  return (db, values) => {
    let compiled = byDb.get(db)
    if (!compiled) {
      compiled = compile(names, build, db)
      byDb.set(db, compiled)
    }
    const { template, places } = compiled
    return { ...template, parameters: places.map((p) => ('name' in p ? values[p.name] : p.constant)) }
  }
}

function compile<V extends object, R>(
  names: readonly (keyof V & string)[],
  build: (values: V, db: Kysely<Database>) => Statement<R>,
  db: Kysely<Database>,
) {
  const byMarker = new Map<unknown, keyof V>(names.map((name) => [markerOf(name), name]))
  const markers = Object.fromEntries(names.map((name) => [name, markerOf(name)])) as V
  const statement = build(markers, db)
  const template = 'isRawBuilder' in statement ? statement.compile(db) : statement.compile()
  const places = template.parameters.map((p): Place<V> => {
    const name = byMarker.get(p)
    return name === undefined ? { constant: p } : { name }
  })
  const lost = names.filter((name) => !places.some((p) => 'name' in p && p.name === name))
  if (lost.length > 0) throw new Error(`precompiled statement: ${lost.join(', ')} did not reach the SQL as parameters`)
  return { template, places }
}

/** A statement with no values at all, compiled once. */
export function precompiledConstant<R = unknown>(
  build: (db: Kysely<Database>) => Statement<R>,
): () => CompiledQuery<R> {
  const statement = precompiled<Record<never, never>, R>([], (_values, db) => build(db))
  return () => statement({})
}
