import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createI18n } from './i18n';
import { setupScanStream } from './scan-setup';
import { getKiosk } from './kiosk';
import './styles.css';

const stream = setupScanStream(getKiosk(), window);
createRoot(document.getElementById('root')!).render(<App i18n={createI18n('vi')} stream={stream} />);
