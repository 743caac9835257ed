import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import './app.css'
import { ensurePosApi } from './pos-client'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

ensurePosApi()

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
