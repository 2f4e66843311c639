import { createRoot } from 'react-dom/client';
import { ProvinceConsole } from './ProvinceConsole';
import { createI18n } from '../i18n';
import { createConsoleApi } from './api';
import './province.css';

const saved = localStorage.getItem('mck-console-lang');
const i18n = createI18n(saved === 'en' ? 'en' : 'vi');
createRoot(document.getElementById('root')!).render(<ProvinceConsole i18n={i18n} api={createConsoleApi()} />);
