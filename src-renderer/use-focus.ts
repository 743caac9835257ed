import { type RefObject, useEffect } from 'react'

/**
 * Puts the focus in `ref`'s element when it appears: the till's screens open where the next
 * keystroke belongs (the scanner's input, the amount tendered, the confirm button).
 */
export function useFocusOnMount(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    ref.current?.focus()
  }, [ref])
}
