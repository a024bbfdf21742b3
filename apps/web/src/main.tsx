import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n.ts';
import './styles.css';
import App from './App.tsx';
import { preloadHome } from './pages/home/preload.ts';

// The dashboard (home) does not wait for the session check to ask for its chunk and figures.
if (window.location.pathname === '/') preloadHome();

// An English session waits for its texts (one small chunk) before the first render.
void i18nReady.finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
