import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { workerClient } from './data/worker-instance';
import { useAppStore } from './store/app-store';
import { startOfflineSupport } from './offline/register-sw';
import { startUrlSync } from './url/url-sync';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

startUrlSync();
startOfflineSupport();
// Start the worker now, so it is warm when the first file arrives; the page reads as loading
// (data-state) until it has started.
useAppStore.getState().addBusy(1);
void workerClient()
  .start()
  .finally(() => useAppStore.getState().addBusy(-1));

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
