/** A short word that something went well (saved, added), read out by screen readers. */
export function Notice({ text }: { text: string | null }) {
  if (!text) return null
  return (
    <p className="notice" role="status">
      {text}
    </p>
  )
}
