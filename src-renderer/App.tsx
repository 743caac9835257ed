import { useEffect } from 'react'
import { strings } from './i18n'
import { Header } from './components/Header'
import { Checkout } from './pages/Checkout'
import { Login } from './pages/Login'
import { OrderPlaced } from './pages/OrderPlaced'
import { Sell } from './pages/Sell'
import { useTill } from './store'

export function App() {
  return window.location.hash === '#/customer' ? <CustomerDisplay /> : <Till />
}

function CustomerDisplay() {
  return (
    <main className="customer">
      <h1>FreshTill</h1>
      <p>{strings.zh.welcome}</p>
    </main>
  )
}

function Till() {
  const { language, session, page, setInfo } = useTill()

  useEffect(() => {
    void window.pos['app.info']({}).then((result) => result.ok && setInfo(result.data))
  }, [setInfo])

  return (
    <main lang={language === 'zh' ? 'zh-CN' : 'en'} className="till">
      <Header />
      {!session ? <Login /> : page === 'checkout' ? <Checkout /> : page === 'placed' ? <OrderPlaced /> : <Sell />}
    </main>
  )
}
