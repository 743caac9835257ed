// The built renderer (out/renderer), served with the same strict CSP as the Electron window.
// Only files inside the renderer folder are ever read: the path is decoded once, resolved, and
// refused unless it (and its real path, links followed) stays under the root.
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { contentSecurityPolicy } from '../../src-shared/csp'
import { baseHeaders } from './reply'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

export async function serveRendererFile(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  rootDir: string,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    replyText(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
    return
  }
  const file = await findFile(rootDir, path === '/' ? '/index.html' : path)
  if (!file) {
    replyText(response, 404, 'Not found')
    return
  }
  response.writeHead(200, {
    ...baseHeaders,
    'Content-Security-Policy': contentSecurityPolicy,
    'Content-Type': contentTypes[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': file.size,
    // Vite puts a content hash in every asset's name; index.html must be fetched fresh.
    'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (request.method === 'HEAD') {
    response.end()
    return
  }
  createReadStream(file.path)
    .on('error', () => response.destroy())
    .pipe(response)
}

/** The regular file under rootDir that a URL path names, or null (missing, a folder, or outside). */
async function findFile(rootDir: string, urlPath: string): Promise<{ path: string; size: number } | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const root = resolve(rootDir)
  const candidate = resolve(join(root, decoded))
  if (!isInside(root, candidate)) return null
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)])
    if (!isInside(realRoot, realFile)) return null
    const info = await stat(realFile)
    return info.isFile() ? { path: realFile, size: info.size } : null
  } catch {
    return null
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

function replyText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    ...baseHeaders,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  })
  response.end(text)
}
