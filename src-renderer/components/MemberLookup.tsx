import { type FormEvent, type RefObject, useState } from 'react'
import { useTill } from '../store'
import { useStrings } from '../strings'
import { useAction } from '../use-call'
import { ErrorMessage } from './ErrorMessage'

/** Phone lookup; a found member shows as a chip that can be removed. `keyHint`: the key that focuses it. */
export function MemberLookup({
  onDone,
  inputRef,
  keyHint,
}: {
  onDone: () => void
  inputRef?: RefObject<HTMLInputElement | null>
  keyHint?: string
}) {
  const t = useStrings()
  const { member, setMember } = useTill()
  const [phone, setPhone] = useState('')
  const lookup = useAction()

  async function find(event: FormEvent) {
    event.preventDefault()
    const result = await lookup.run(() => window.pos['members.byPhone']({ phone }))
    if (result?.ok) {
      setMember(result.data)
      setPhone('')
      onDone()
    }
  }

  if (member) {
    return (
      <div className="member-chip" aria-label={t.member}>
        <span>
          {t.member}：{member.name} {member.phone}
        </span>
        <button
          type="button"
          aria-label={t.clearMember}
          onClick={() => {
            setMember(null)
            onDone()
          }}
        >
          ×
        </button>
      </div>
    )
  }
  return (
    <form className="member-form" onSubmit={(e) => void find(e)}>
      <input
        ref={inputRef}
        aria-label={t.memberPhone}
        placeholder={t.memberPhone}
        inputMode="tel"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
      />
      <button type="submit" disabled={phone.trim() === ''}>
        {t.findMember}
        {keyHint && <kbd>{keyHint}</kbd>}
      </button>
      <ErrorMessage error={lookup.error} />
    </form>
  )
}
