import { createRoot } from 'react-dom/client';
import { App, BootFailure } from './App';
import { bootstrap } from './bootstrap';
import { getKiosk } from './kiosk';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
void bootstrap(getKiosk(), window).then((r) => {
  root.render(r.ok ? <App services={r.services} /> : <BootFailure code={r.code} i18n={r.services.i18n} />);
});
