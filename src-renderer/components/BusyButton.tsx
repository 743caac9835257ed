import type { ComponentProps } from 'react'

/** A button that says what is under way while its call runs (保存中…, 处理中…), and cannot be pressed meanwhile. */
export function BusyButton({
  busy,
  busyText,
  disabled,
  children,
  ...button
}: ComponentProps<'button'> & { busy: boolean; busyText: string }) {
  return (
    <button {...button} disabled={busy || disabled}>
      {busy ? busyText : children}
    </button>
  )
}
