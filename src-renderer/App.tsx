import { useEffect } from 'react'
import { Header } from './components/Header'
import { feedCustomerDisplay } from './customer-display'
import { OrderDetailPage } from './orders/OrderDetailPage'
import { OrdersPage } from './orders/OrdersPage'
import { ReviewPage } from './orders/ReviewPage'
import { Checkout } from './pages/Checkout'
import { CustomerDisplay } from './pages/CustomerDisplay'
import { GoodsDetail } from './pages/GoodsDetail'
import { Login } from './pages/Login'
import { OrderPlaced } from './pages/OrderPlaced'
import { Sell } from './pages/Sell'
import { useTill, type Page } from './store'

export function App() {
  return window.location.hash === '#/customer' ? <CustomerDisplay /> : <Till />
}

const pages: Record<Page, () => React.JSX.Element | null> = {
  sell: Sell,
  checkout: Checkout,
  placed: OrderPlaced,
  orders: OrdersPage,
  order: OrderDetailPage,
  review: ReviewPage,
  goods: GoodsDetail,
}

function Till() {
  const { language, session, page, setInfo } = useTill()

  useEffect(() => {
    void window.pos['app.info']({}).then((result) => result.ok && setInfo(result.data))
  }, [setInfo])

  useEffect(() => feedCustomerDisplay(), [])

  const Shown = pages[page]
  return (
    <main lang={language === 'zh' ? 'zh-CN' : 'en'} className="till">
      <Header />
      {!session ? <Login /> : <Shown />}
    </main>
  )
}
