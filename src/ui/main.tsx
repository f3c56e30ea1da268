import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { workerClient } from './data/worker-instance';
import { startUrlSync } from './url/url-sync';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

startUrlSync();
// Start the worker now, so it is warm when the first file arrives.
workerClient().start();

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
