import { type RefObject, useLayoutEffect } from 'react'

/**
 * Puts the focus in `ref`'s element when it appears: the till's screens open where the next
 * keystroke belongs (the scanner's input, the amount tendered, the confirm button). A layout
 * effect, as autoFocus does it: before the browser paints, so no keystroke lands elsewhere.
 */
export function useFocusOnMount(ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    ref.current?.focus()
  }, [ref])
}
