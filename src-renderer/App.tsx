import { useEffect } from 'react'
import { AdminPage } from './admin/AdminPage'
import { ConnectionBanner } from './components/ConnectionBanner'
import { Header } from './components/Header'
import { startHeartbeat } from './connection'
import { feedCustomerDisplay } from './customer-display'
import { OrderDetailPage } from './orders/OrderDetailPage'
import { OrdersPage } from './orders/OrdersPage'
import { ReviewPage } from './orders/ReviewPage'
import { Checkout } from './pages/Checkout'
import { CustomerDisplay } from './pages/CustomerDisplay'
import { GoodsDetail } from './pages/GoodsDetail'
import { Login } from './pages/Login'
import { OrderPlaced } from './pages/OrderPlaced'
import { PayPage } from './pay/PayPage'
import { SellInShift } from './shift/ShiftGate'
import { ShiftPage } from './shift/ShiftPage'
import { adminTabs, type AdminTab, useTill, type Page } from './store'
import { useLoad } from './use-call'

export function App() {
  return window.location.hash === '#/customer' ? <CustomerDisplay /> : <Till />
}

const pages: Record<Page, () => React.JSX.Element | null> = {
  sell: SellInShift,
  checkout: Checkout,
  placed: OrderPlaced,
  orders: OrdersPage,
  order: OrderDetailPage,
  review: ReviewPage,
  goods: GoodsDetail,
  admin: AdminPage,
  pay: PayPage,
  shift: ShiftPage,
}

function Till() {
  const { language, session, page, setInfo } = useTill()

  const info = useLoad(() => window.pos['app.info']({}), [])
  useEffect(() => {
    if (info.data) setInfo(info.data)
  }, [info.data, setInfo])

  useEffect(() => feedCustomerDisplay(), [])
  useEffect(() => startHeartbeat(), [])

  // "#/admin/<section>" opens an admin section (a bookmark, a link). Only the nav decides who is
  // shown the entry; the server decides who may read the data (a cashier gets FORBIDDEN).
  useEffect(() => {
    const follow = () => {
      const tab = /^#\/admin\/(\w+)$/.exec(window.location.hash)?.[1] as AdminTab | undefined
      if (tab && adminTabs.includes(tab) && useTill.getState().session) useTill.getState().openAdmin(tab)
    }
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])

  const Shown = pages[page]
  return (
    <main lang={language === 'zh' ? 'zh-CN' : 'en'} className="till">
      <Header />
      <ConnectionBanner />
      {!session ? <Login /> : <Shown />}
    </main>
  )
}
