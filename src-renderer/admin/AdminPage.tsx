// 管理: goods & stock, staff, reports, settings, this till's settings — one section at a time under tabs.
// Shown in the nav to admins only; every call is still checked by the server (FORBIDDEN).
import type { KeyboardEvent } from 'react'
import { adminTabs, type AdminTab, useTill } from '../store'
import { useStrings } from '../strings'
import { CustomerDisplayAddress } from './CustomerDisplayAddress'
import { GoodsAdmin } from './goods/GoodsAdmin'
import { ReportsAdmin } from './ReportsAdmin'
import { SettingsAdmin } from './SettingsAdmin'
import { ShiftReportsAdmin } from './ShiftReportsAdmin'
import { StaffAdmin } from './StaffAdmin'
import { TillSettingsAdmin } from './TillSettingsAdmin'

const sections: Record<AdminTab, () => React.JSX.Element> = {
  goods: GoodsAdmin,
  staff: StaffAdmin,
  reports: ReportsAdmin,
  shifts: ShiftReportsAdmin,
  settings: SettingsAdmin,
  till: TillTab,
}

function TillTab() {
  return (
    <>
      <CustomerDisplayAddress />
      <TillSettingsAdmin />
    </>
  )
}

export function AdminPage() {
  const t = useStrings()
  const { adminTab, openAdmin } = useTill()
  const names: Record<AdminTab, string> = {
    goods: t.tabGoods,
    staff: t.tabStaff,
    reports: t.tabReports,
    shifts: t.tabShiftReports,
    settings: t.tabSettings,
    till: t.thisTill,
  }

  function onKey(event: KeyboardEvent, index: number) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    if (!step) return
    event.preventDefault()
    const next = adminTabs[(index + step + adminTabs.length) % adminTabs.length] ?? 'goods'
    openAdmin(next)
    document.getElementById(`admin-tab-${next}`)?.focus()
  }

  const Section = sections[adminTab]
  return (
    <div className="admin-page">
      <div role="tablist" aria-label={t.adminSections} className="tabs">
        {adminTabs.map((tab, index) => (
          <button
            key={tab}
            id={`admin-tab-${tab}`}
            type="button"
            role="tab"
            aria-selected={adminTab === tab}
            aria-controls="admin-section"
            tabIndex={adminTab === tab ? 0 : -1}
            className={adminTab === tab ? 'tab on' : 'tab'}
            onClick={() => openAdmin(tab)}
            onKeyDown={(e) => onKey(e, index)}
          >
            {names[tab]}
          </button>
        ))}
      </div>
      <section id="admin-section" role="tabpanel" aria-labelledby={`admin-tab-${adminTab}`}>
        <Section key={adminTab} />
      </section>
    </div>
  )
}
