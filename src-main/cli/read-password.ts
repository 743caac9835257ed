// A password for a `pos` command, never from the command line (where `ps` and the shell's history
// show it to anyone on the machine): typed at a prompt that does not echo it, or piped on stdin.
import { createInterface } from 'node:readline'

/**
 * The first line of stdin when it is piped; else typed at a silent prompt on the terminal — twice
 * for a new password, once (`twice` false) for one that is only checked.
 */
export async function readPassword(prompt = 'Password: ', twice = true): Promise<string> {
  if (!process.stdin.isTTY) return firstLine()
  const first = await silentPrompt(prompt)
  if (!twice) return first
  const again = await silentPrompt('Again: ')
  if (first !== again) throw new Error('the two passwords differ')
  return first
}

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, terminal: false })
  for await (const line of lines) {
    lines.close()
    return line
  }
  return ''
}

function silentPrompt(prompt: string): Promise<string> {
  const stdin = process.stdin
  process.stderr.write(prompt)
  stdin.setRawMode(true)
  stdin.resume()
  return new Promise((resolve, reject) => {
    let typed = ''
    const done = (error?: Error) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      process.stderr.write('\n')
      if (error) reject(error)
      else resolve(typed)
    }
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done()
        if (char === '\u0003') return done(new Error('cancelled'))
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('')
        else typed += char
      }
    }
    stdin.on('data', onData)
  })
}
