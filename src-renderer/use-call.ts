// The one way a screen calls the contract. useLoad reads what a screen shows: when it opens,
// again when what it shows changes, and on reload() (the error's retry button). useAction sends
// what a click asks for: busy while it runs, its refusal kept for the screen to show. window.pos
// never throws (a service that does not answer is UNREACHABLE), so every failure arrives here as
// an error to show at once. An answer that comes after the screen closed, or after it asked for
// something else, is dropped. A session the server no longer knows (it restarted, or the
// account was deactivated) sends the till back to the login form. Every call also tells the
// connection monitor (connection.ts) whether the till service and its store answered; a read
// that failed for want of a connection is read again, by itself, once the connection is back.
import {
  type DependencyList,
  type Dispatch,
  type SetStateAction,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react'
import type { CallResult } from '../src-shared/contract'
import type { ErrorBody } from '../src-shared/errors'
import { isConnectionError, useConnection, watched } from './connection'
import { useTill } from './store'

/** What a screen shows as an error: a refusal from the server, or a message it found itself. */
export type ScreenError = ErrorBody | string

/** Sends the till back to the login form when the server no longer knows its session. */
export function noteSession(result: CallResult<unknown>): void {
  if (!result.ok && result.error.code === 'NOT_LOGGED_IN') useTill.getState().sessionEnded()
}

export interface Loaded<T> {
  /**
   * The answer's data. A reload keeps it until the new answer, and when that fails; new deps drop
   * it (it answered another question) unless `keepOnChange` (search results while typing).
   */
  data: T | null
  error: ErrorBody | null
  loading: boolean
  reload: () => void
  /** Shows a newer copy that an action answered with, without reading again. */
  setData: Dispatch<SetStateAction<T | null>>
}

interface LoadState<T> {
  deps: readonly unknown[]
  /** Counts the reads asked for; the effect runs once per read. */
  read: number
  data: T | null
  error: ErrorBody | null
  loading: boolean
}

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, i) => Object.is(value, b[i]))

/**
 * Reads with `load` when the screen opens and whenever `deps` (what the read depends on) change;
 * `load` null means there is nothing to read yet.
 */
export function useLoad<T>(
  load: (() => Promise<CallResult<T>>) | null,
  deps: DependencyList,
  { keepOnChange = false } = {},
): Loaded<T> {
  const key = [...deps, load === null]
  const [state, setState] = useState<LoadState<T>>(() => ({
    deps: key,
    read: 0,
    data: null,
    error: null,
    loading: load !== null,
  }))
  let shown = state
  if (!sameDeps(state.deps, key)) {
    // What the screen shows changed: a new read, set while rendering as React advises for
    // state that follows props, so the screen never renders the old read as current.
    shown = {
      deps: key,
      read: state.read + 1,
      data: keepOnChange ? state.data : null,
      error: null,
      loading: load !== null,
    }
    setState(shown)
  }

  const latest = useRef(load)
  useEffect(() => {
    latest.current = load
  })
  const read = shown.read
  useEffect(() => {
    const run = latest.current
    if (!run) return
    let current = true
    void watched(run).then((result) => {
      if (!current) return
      noteSession(result)
      setState((s) =>
        result.ok
          ? { ...s, data: result.data, error: null, loading: false }
          : { ...s, error: result.error, loading: false },
      )
    })
    return () => {
      current = false
    }
  }, [read])

  const reload = useCallback(
    () => setState((s) => ({ ...s, read: s.read + 1, error: null, loading: latest.current !== null })),
    [],
  )
  const returns = useConnection((c) => c.returns)
  const failedForConnection = shown.error !== null && isConnectionError(shown.error.code)
  useEffect(() => {
    if (failedForConnection) reload()
    // Only the connection's return triggers this; the error itself is read at that moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [returns])
  const setData = useCallback<Dispatch<SetStateAction<T | null>>>(
    (next) =>
      setState((s) => ({
        ...s,
        data: typeof next === 'function' ? (next as (d: T | null) => T | null)(s.data) : next,
      })),
    [],
  )
  return { data: shown.data, error: shown.error, loading: shown.loading, reload, setData }
}

export interface Action {
  /** A call of this action is on its way. */
  busy: boolean
  error: ScreenError | null
  /** Shows a message the screen found itself (an amount that is not one), or clears the error. */
  setError: (error: ScreenError | null) => void
  /**
   * Sends one call: busy until it answers, a refusal kept as the error. Answers the result, or,
   * for an `exclusive` action, null when not sent because its previous call is still running.
   */
  run: <T>(call: () => Promise<CallResult<T>>) => Promise<CallResult<T> | null>
}

/**
 * What a click sends. Every call is sent (each scan at the till counts); an `exclusive` action
 * sends one at a time, for a button that must not act twice (a double click fires twice before
 * the disabled button renders).
 */
export function useAction({ exclusive = false } = {}): Action {
  const [running, setRunning] = useState(0)
  const [error, setError] = useState<ScreenError | null>(null)
  const inFlight = useRef(0)
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  const run = useCallback(
    async <T>(call: () => Promise<CallResult<T>>): Promise<CallResult<T> | null> => {
      if (exclusive && inFlight.current > 0) return null
      inFlight.current += 1
      setRunning((n) => n + 1)
      setError(null)
      try {
        const result = await watched(call)
        noteSession(result)
        if (!result.ok && mounted.current) setError(result.error)
        return result
      } finally {
        inFlight.current -= 1
        if (mounted.current) setRunning((n) => n - 1)
      }
    },
    [exclusive],
  )

  return { busy: running > 0, error, setError, run }
}

/**
 * The pages after a loaded first one, as a "more" button brings them; they are dropped when the
 * first page is read again (another SKU, a reload).
 */
export function useLaterPages<P>(first: P | null): { pages: P[]; add: (page: P) => void } {
  const [later, setLater] = useState<{ after: P | null; pages: P[] }>({ after: null, pages: [] })
  const pages = later.after === first ? later.pages : []
  const add = (page: P) => setLater({ after: first, pages: [...pages, page] })
  return { pages, add }
}
