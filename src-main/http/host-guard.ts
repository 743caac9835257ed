// DNS rebinding: a web page on attacker.example can make its own name resolve to 127.0.0.1 and
// then call our API as a "same-origin" page. The browser still sends Host: attacker.example, so
// the API answers only requests addressed to the till's own names. An IP literal cannot be
// rebound, which is why a server bound to every interface accepts any IP address as its name.
import { isIP } from 'node:net'

const loopbackNames = ['localhost', '127.0.0.1', '[::1]']
const wildcardHosts = new Set(['0.0.0.0', '::', '[::]', ''])

export interface HostGuard {
  /** True when Host (and Origin, if the browser sent one) name this server. */
  allows(host: string | undefined, origin: string | undefined): boolean
}

export function createHostGuard(bindHost: string, port: number): HostGuard {
  const anyIp = wildcardHosts.has(bindHost)
  const names = new Set([...loopbackNames, urlHostname(bindHost)])
  const ownAuthority = (authority: string): boolean => {
    let url: URL
    try {
      url = new URL(`http://${authority}`)
    } catch {
      return false
    }
    if (url.username || url.password || url.pathname !== '/' || Number(url.port || 80) !== port) return false
    return names.has(url.hostname) || (anyIp && isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0)
  }
  return {
    allows(host, origin) {
      if (!host || !ownAuthority(host)) return false
      if (origin === undefined) return true
      // Origin "null" (sandboxed frames, file:// pages) is never ours.
      return origin.startsWith('http://') && ownAuthority(origin.slice('http://'.length))
    },
  }
}

/** How a host appears in a URL: IPv6 addresses in brackets. */
export function urlHostname(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host.toLowerCase()
}
