/**
 * The shell: skip link, header (name, environment, navigation, language), one <main> with the
 * current screen. Screens are addressed by the URL hash (#/compose, #/sign/<id>, #/outbox,
 * #/receipts, #/receipts/<id>, #/directory) so Back works and links are real links; after a
 * navigation focus moves to the new screen's heading.
 */
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '../electron/common/contract';
import { LANGUAGES, type Lang } from '../electron/common/messages';
import { call, messageOf } from './api';
import { currentLang, setLang } from './i18n';
import { ComposeScreen } from './screens/ComposeScreen';
import { DeadlinesScreen } from './screens/DeadlinesScreen';
import { DiagnosticsScreen } from './screens/DiagnosticsScreen';
import { SignFilesScreen } from './screens/SignFilesScreen';
import { VerifyScreen } from './screens/VerifyScreen';
import { TrustSettingsScreen } from './screens/TrustSettingsScreen';
import { DirectoryScreen } from './screens/DirectoryScreen';
import { DraftsScreen } from './screens/DraftsScreen';
import { EdoreczeniaScreen } from './screens/EdoreczeniaScreen';
import { OutboxScreen } from './screens/OutboxScreen';
import { ReceiptScreen } from './screens/ReceiptScreen';
import { ReceiptsScreen } from './screens/ReceiptsScreen';
import { RegisterScreen } from './screens/RegisterScreen';
import { ManualScreen } from './screens/ManualScreen';
import { ProfilesScreen } from './screens/ProfilesScreen';
import { SignScreen } from './screens/SignScreen';

export type Route =
  | { name: 'compose'; draft?: string }
  | { name: 'drafts' }
  | { name: 'sign'; id: string }
  | { name: 'outbox' }
  | { name: 'receipts' }
  | { name: 'receipt'; id: string }
  | { name: 'directory' }
  | { name: 'deadlines' }
  | { name: 'diagnostics' }
  | { name: 'signFiles' }
  | { name: 'verify' }
  | { name: 'trust' }
  | { name: 'edoreczenia' }
  | { name: 'register' }
  | { name: 'manual' }
  | { name: 'sendingProfiles' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  const [head, id] = parts;
  if (head === 'compose' && id) return { name: 'compose', draft: id };
  if (head === 'drafts') return { name: 'drafts' };
  if (head === 'sign' && id) return { name: 'sign', id };
  if (head === 'outbox') return { name: 'outbox' };
  if (head === 'receipts' && id) return { name: 'receipt', id };
  if (head === 'receipts') return { name: 'receipts' };
  if (head === 'directory') return { name: 'directory' };
  if (head === 'deadlines') return { name: 'deadlines' };
  if (head === 'diagnostics') return { name: 'diagnostics' };
  if (head === 'sign-files') return { name: 'signFiles' };
  if (head === 'verify') return { name: 'verify' };
  if (head === 'trust') return { name: 'trust' };
  if (head === 'edoreczenia') return { name: 'edoreczenia' };
  if (head === 'register') return { name: 'register' };
  if (head === 'manual') return { name: 'manual' };
  if (head === 'sending-profiles') return { name: 'sendingProfiles' };
  return { name: 'compose' };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'sign':
      return `#/sign/${encodeURIComponent(route.id)}`;
    case 'receipt':
      return `#/receipts/${encodeURIComponent(route.id)}`;
    case 'compose':
      return route.draft ? `#/compose/${encodeURIComponent(route.draft)}` : '#/compose';
    case 'signFiles':
      return '#/sign-files';
    case 'sendingProfiles':
      return '#/sending-profiles';
    default:
      return `#/${route.name}`;
  }
}

type Section = 'compose' | 'drafts' | 'outbox' | 'receipts' | 'directory' | 'deadlines' | 'diagnostics' | 'signFiles' | 'verify' | 'trust' | 'edoreczenia' | 'register' | 'manual' | 'sendingProfiles';
const NAV: { section: Section; route: Route }[] = [
  { section: 'compose', route: { name: 'compose' } },
  { section: 'drafts', route: { name: 'drafts' } },
  { section: 'outbox', route: { name: 'outbox' } },
  { section: 'receipts', route: { name: 'receipts' } },
  { section: 'register', route: { name: 'register' } },
  { section: 'manual', route: { name: 'manual' } },
  { section: 'edoreczenia', route: { name: 'edoreczenia' } },
  { section: 'directory', route: { name: 'directory' } },
  { section: 'deadlines', route: { name: 'deadlines' } },
  { section: 'diagnostics', route: { name: 'diagnostics' } },
  { section: 'signFiles', route: { name: 'signFiles' } },
  { section: 'verify', route: { name: 'verify' } },
  { section: 'trust', route: { name: 'trust' } },
  { section: 'sendingProfiles', route: { name: 'sendingProfiles' } },
];

function sectionOf(route: Route): Section {
  switch (route.name) {
    case 'compose':
    case 'sign':
      return 'compose';
    case 'drafts':
      return 'drafts';
    case 'outbox':
      return 'outbox';
    case 'directory':
      return 'directory';
    case 'deadlines':
      return 'deadlines';
    case 'diagnostics':
      return 'diagnostics';
    case 'signFiles':
      return 'signFiles';
    case 'verify':
      return 'verify';
    case 'trust':
      return 'trust';
    case 'edoreczenia':
      return 'edoreczenia';
    case 'register':
      return 'register';
    case 'manual':
      return 'manual';
    case 'sendingProfiles':
      return 'sendingProfiles';
    default:
      return 'receipts';
  }
}

export function App() {
  const { t } = useTranslation();
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const [navCount, setNavCount] = useState(0);
  const [flash, setFlash] = useState<{ href: string; text: string } | null>(null);
  const [info, setInfo] = useState<ChannelOutput<'app.info'> | null>(null);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const onHash = () => {
      setRoute(parseRoute(window.location.hash));
      setNavCount((n) => n + 1);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    call('app.info', {}).then(setInfo, () => setInfo(null));
  }, []);

  const titleKey = { compose: 'compose.title', sign: 'sign.title', drafts: 'drafts.title', outbox: 'outbox.title', receipts: 'receipts.title', receipt: 'receipt.title', directory: 'directory.title', deadlines: 'deadlines.title', diagnostics: 'diagnostics.title', signFiles: 'signatures.sign.title', verify: 'signatures.verify.title', trust: 'signatures.trust.title', edoreczenia: 'edoreczenia.title', register: 'register.title', manual: 'manual.title', sendingProfiles: 'sendingProfiles.title' }[route.name];
  const screenTitle = t(titleKey);
  useEffect(() => {
    document.title = `${screenTitle} — ${t('app.name')}`;
  }, [screenTitle, t]);

  // After a navigation (not the first paint), focus the new screen's heading.
  useEffect(() => {
    if (navCount === 0) return;
    const heading = mainRef.current?.querySelector<HTMLElement>('.screen-title');
    (heading ?? mainRef.current)?.focus();
    window.scrollTo(0, 0);
  }, [navCount]);

  function go(next: Route, message: string | null = null) {
    const href = hrefOf(next);
    setFlash(message ? { href, text: message } : null);
    if (window.location.hash === href) {
      setRoute(next);
      setNavCount((n) => n + 1);
    } else {
      window.location.hash = href;
    }
  }

  function follow(next: Route) {
    return (e: MouseEvent<HTMLAnchorElement>) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      go(next);
    };
  }

  /** "New from this one": a copy of a draft or of a filing's letter, opened, naming files to add again. */
  async function duplicate(input: { id: string } | { filingId: string }) {
    try {
      const copy = await call('drafts.duplicate', input);
      const title = copy.spec.title?.trim() || t('drafts.untitled');
      const again = copy.omittedAttachments.length > 0 ? ` ${t('drafts.addAgain', { files: copy.omittedAttachments.join(', ') })}` : '';
      go({ name: 'compose', draft: copy.id }, `${t('drafts.duplicated', { title })}${again}`);
    } catch (e) {
      setFlash({ href: hrefOf(route), text: messageOf(e) });
    }
  }

  const active = sectionOf(route);
  // A message from the previous step, shown only on the screen it was meant for.
  const notice = flash && flash.href === hrefOf(route) ? flash.text : null;

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t('app.skipLink')}
      </a>
      <header className="header">
        <div className="header__inner">
          <div className="brand">
            <span className="brand__mark" aria-hidden="true" />
            <div>
              <p className="brand__name">{t('app.name')}</p>
              <p className="brand__tagline">{t('app.tagline')}</p>
            </div>
          </div>
          <nav className="nav" aria-label={t('app.navLabel')}>
            <ul>
              {NAV.map((item) => (
                <li key={item.section}>
                  <a
                    href={hrefOf(item.route)}
                    className="nav__link"
                    aria-current={active === item.section ? 'page' : undefined}
                    onClick={follow(item.route)}
                  >
                    {t(`nav.${item.section}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="header__tools">
            {info && info.environment !== 'production' && (
              <span className="env-badge" title={t('app.version', { version: info.version })}>
                {t('app.environment', { name: t(`app.environments.${info.environment}`, { defaultValue: info.environment }) })}
              </span>
            )}
            <label className="lang">
              <span className="lang__label">{t('app.language')}</span>
              <select value={currentLang()} onChange={(e) => void setLang(e.target.value as Lang)}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {t(`languages.${l}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1} ref={mainRef}>
        {route.name === 'compose' && (
          <ComposeScreen
            key={route.draft ?? 'new'}
            draftId={route.draft}
            flash={notice}
            onCreated={(filing) => go({ name: 'sign', id: filing.id }, t('compose.created', { title: filing.title }))}
          />
        )}
        {route.name === 'drafts' && <DraftsScreen flash={notice} onOpen={(id) => go({ name: 'compose', draft: id })} onDuplicate={(id) => void duplicate({ id })} />}
        {route.name === 'sign' && (
          <SignScreen
            key={route.id}
            filingId={route.id}
            flash={notice}
            onQueued={(filing) => go({ name: 'outbox' }, t('outbox.queued', { title: filing.title }))}
            onOpenOutbox={() => go({ name: 'outbox' })}
            onDuplicate={() => void duplicate({ filingId: route.id })}
          />
        )}
        {route.name === 'outbox' && (
          <OutboxScreen flash={notice} onSign={(id) => go({ name: 'sign', id })} onDuplicate={(id) => void duplicate({ filingId: id })} onOpenReceipt={(id) => go({ name: 'receipt', id })} />
        )}
        {route.name === 'receipts' && <ReceiptsScreen onOpen={(id) => go({ name: 'receipt', id })} />}
        {route.name === 'receipt' && <ReceiptScreen key={route.id} id={route.id} onBack={() => go({ name: 'receipts' })} />}
        {route.name === 'directory' && <DirectoryScreen />}
        {route.name === 'deadlines' && <DeadlinesScreen />}
        {route.name === 'diagnostics' && <DiagnosticsScreen />}
        {route.name === 'signFiles' && <SignFilesScreen />}
        {route.name === 'verify' && <VerifyScreen />}
        {route.name === 'trust' && <TrustSettingsScreen />}
        {route.name === 'edoreczenia' && <EdoreczeniaScreen />}
        {route.name === 'register' && <RegisterScreen />}
        {route.name === 'manual' && <ManualScreen />}
        {route.name === 'sendingProfiles' && <ProfilesScreen />}
      </main>
      <footer className="footer">
        <p>
          {t('app.name')}
          {info ? ` · ${t('app.version', { version: info.version })}` : ''}
        </p>
      </footer>
    </div>
  );
}
