import { useRef, useState, type FormEvent } from 'react'
import type { AddressView } from '../../src-shared/contract'
import { useAction } from '../use-call'
import { useFocusOnMount } from '../use-focus'
import { ErrorMessage } from './ErrorMessage'
import { useStrings } from '../strings'

/** The submit-order page's small "add address" form for the member on the sale. */
export function AddressForm({
  memberPhone,
  onSaved,
  onCancel,
}: {
  memberPhone: string
  onSaved: (a: AddressView) => void
  onCancel: () => void
}) {
  const t = useStrings()
  const [receiver, setReceiver] = useState('')
  const [phone, setPhone] = useState('')
  const [address, setAddress] = useState('')
  const [zip, setZip] = useState('')
  const saving = useAction()
  const receiverInput = useRef<HTMLInputElement>(null)
  useFocusOnMount(receiverInput)

  async function save(event: FormEvent) {
    event.preventDefault()
    const result = await saving.run(() =>
      window.pos['members.addAddress']({ memberPhone, receiver, phone, address, zip }),
    )
    if (result?.ok) onSaved(result.data)
  }

  return (
    <form className="address-form" onSubmit={(e) => void save(e)}>
      <label>
        {t.receiver}
        <input ref={receiverInput} value={receiver} onChange={(e) => setReceiver(e.target.value)} required />
      </label>
      <label>
        {t.phone}
        <input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" required />
      </label>
      <label className="span2">
        {t.addressLine}
        <input value={address} onChange={(e) => setAddress(e.target.value)} required />
      </label>
      <label>
        {t.zip}
        <input value={zip} onChange={(e) => setZip(e.target.value)} inputMode="numeric" />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving.busy}>
          {t.save}
        </button>
        <button type="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
      <ErrorMessage error={saving.error} />
    </form>
  )
}
