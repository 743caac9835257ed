import type { ReactNode } from 'react'

/** A page's head: the way back (← where to), its title, and anything shown after the title. */
export function PageHead({
  back,
  onBack,
  title,
  children,
}: {
  back: string
  onBack: () => void
  title: string
  children?: ReactNode
}) {
  return (
    <div className="checkout-head">
      <button type="button" className="ghost" onClick={onBack}>
        ← {back}
      </button>
      <h1>{title}</h1>
      {children}
    </div>
  )
}
