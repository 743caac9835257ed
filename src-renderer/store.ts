// The till's screen state: who is logged in, the language, the cart as the server last returned
// it, the member on the sale, the sale's discounts (rules only: the server works out what they
// come to), and the order just placed. Server data is never computed here.
import { create } from 'zustand'
import type {
  CartView,
  DiscountsInput,
  Language,
  MemberView,
  OrderView,
  StaffSession,
  TillInfo,
} from '../src-shared/contract'
import { pickedLanguage, rememberLanguage } from './language-choice'

export type Page = 'sell' | 'checkout' | 'placed' | 'orders' | 'order' | 'review' | 'goods' | 'admin' | 'pay' | 'shift'
/** The admin screen's sections. */
export type AdminTab = 'goods' | 'staff' | 'reports' | 'shifts' | 'settings' | 'till'
export const adminTabs: AdminTab[] = ['goods', 'staff', 'reports', 'shifts', 'settings', 'till']

interface TillState {
  language: Language
  /** Someone chose the language on this screen; the shop's default no longer replaces it. */
  languagePicked: boolean
  info: TillInfo | null
  session: StaffSession | null
  page: Page
  cart: CartView | null
  member: MemberView | null
  /** The discounts given on this sale (docs/DISCOUNTS.md); sent with the quote and the order. */
  discounts: DiscountsInput
  order: OrderView | null
  /** The order shown by the order detail and review pages. */
  orderId: number | null
  /** The goods shown by the goods detail page, and the page its back button returns to. */
  skuId: number | null
  goodsBack: Page
  adminTab: AdminTab
  /** Set when the session ended on the server's side: the login form says why it is back. */
  sessionLost: boolean
  setLanguage: (language: Language) => void
  setInfo: (info: TillInfo) => void
  loggedIn: (session: StaffSession) => void
  loggedOut: () => void
  /** The server no longer knows this till's session (it restarted, the account was deactivated). */
  sessionEnded: () => void
  goTo: (page: Page) => void
  setCart: (cart: CartView) => void
  setMember: (member: MemberView | null) => void
  setDiscounts: (discounts: DiscountsInput) => void
  orderPlaced: (order: OrderView) => void
  setOrder: (order: OrderView) => void
  openOrder: (orderId: number) => void
  openReview: (orderId: number) => void
  openGoods: (skuId: number) => void
  openAdmin: (tab: AdminTab) => void
}

export const noDiscounts: DiscountsInput = { lines: [], roundDown: false }

/** A sale gives no discount until the cashier gives one. */
export const hasDiscounts = (d: DiscountsInput) => d.lines.length > 0 || d.order !== undefined || d.roundDown

const picked = pickedLanguage()

export const useTill = create<TillState>()((set) => ({
  language: picked ?? 'zh',
  languagePicked: picked !== null,
  info: null,
  session: null,
  page: 'sell',
  cart: null,
  member: null,
  discounts: noDiscounts,
  order: null,
  orderId: null,
  skuId: null,
  goodsBack: 'sell',
  adminTab: 'goods',
  sessionLost: false,
  setLanguage: (language) => {
    rememberLanguage(language)
    set({ language, languagePicked: true })
  },
  // The shop's default language (shop settings) until someone picks one.
  setInfo: (info) => set((s) => (s.languagePicked ? { info } : { info, language: info.defaultLanguage })),
  loggedIn: (session) => set({ session, page: 'sell', member: null, order: null, sessionLost: false }),
  loggedOut: () => set({ session: null, cart: null, member: null, discounts: noDiscounts, order: null, page: 'sell' }),
  sessionEnded: () =>
    set({
      session: null,
      cart: null,
      member: null,
      discounts: noDiscounts,
      order: null,
      page: 'sell',
      sessionLost: true,
    }),
  goTo: (page) => set({ page }),
  setCart: (cart) => set({ cart }),
  setMember: (member) => set({ member }),
  setDiscounts: (discounts) => set({ discounts }),
  // The placed lines left the cart on the server; the sell screen reads it again.
  orderPlaced: (order) => set({ order, page: 'placed', member: null, discounts: noDiscounts, cart: null }),
  setOrder: (order) => set({ order }),
  openOrder: (orderId) => set({ orderId, page: 'order' }),
  openReview: (orderId) => set({ orderId, page: 'review' }),
  openGoods: (skuId) => set((s) => ({ skuId, page: 'goods', goodsBack: s.page === 'goods' ? s.goodsBack : s.page })),
  openAdmin: (adminTab) => set({ adminTab, page: 'admin' }),
}))
