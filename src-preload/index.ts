// window.pos, built from the contract's method list. The session token lives only in this
// closure: the page never has to hold it, and every call carries it to the main process.
import { contextBridge, ipcRenderer } from 'electron'
import { methodNames, type CallResult, type MethodName, type PosApi, type SessionView } from '../src-shared/contract'

let token: string | null = null

async function call(method: MethodName, input: unknown): Promise<CallResult<unknown>> {
  const result = (await ipcRenderer.invoke('pos:call', method, token, input)) as CallResult<unknown>
  if (method === 'auth.login' && result.ok) token = (result.data as SessionView).token
  // Cleared even when logout fails: the till should not keep a session the user ended.
  if (method === 'auth.logout') token = null
  return result
}

function bind<M extends MethodName>(method: M): PosApi[M] {
  // The main side validated the input and shaped the output against this same contract.
  return ((input: unknown) => call(method, input)) as PosApi[M]
}

// methodNames is Object.keys(contract), so this object has exactly PosApi's keys.
const pos: PosApi = Object.fromEntries(methodNames.map((method) => [method, bind(method)])) as PosApi

contextBridge.exposeInMainWorld('pos', pos)
