// window.pos over Electron IPC: the contract's methods, each call sent to the main process
// with the session token (kept by createPosApi, never by the page). An invoke that rejects (the
// main process gone or restarting) or does not answer in time is UNREACHABLE, from createPosApi.
import { contextBridge, ipcRenderer } from 'electron'
import type { CallResult } from '../src-shared/contract'
import { createPosApi } from '../src-shared/contract/client'

const pos = createPosApi(
  (method, token, input) => ipcRenderer.invoke('pos:call', method, token, input) as Promise<CallResult<unknown>>,
)

contextBridge.exposeInMainWorld('pos', pos)
