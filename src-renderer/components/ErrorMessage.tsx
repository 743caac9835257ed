export function ErrorMessage({ text }: { text: string | null }) {
  if (!text) return null
  return (
    <p role="alert" className="error">
      {text}
    </p>
  )
}
