/**
 * The app:// scheme (checklist item 18): the renderer is served from out/renderer through
 * policy.resolveAppProtocolPath, never from file://.
 */
import { protocol, type Session } from 'electron';
import { createAppFileHandler, type PreviewSource } from './app-files';
import { APP_SCHEME } from './policy';

/** Must run before app 'ready': standard + secure gives the page a real origin and fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves rootDir (out/renderer) on app://nadawca/ in the given session, and the letter preview on
 * app://nadawca/preview/<filing id> when a preview source is given; 404 for anything else.
 */
export function serveAppFiles(session: Session, rootDir: string, preview?: PreviewSource): void {
  session.protocol.handle(APP_SCHEME, createAppFileHandler(rootDir, preview));
}

/**
 * The preview source over the services' router (the same `filings.preview` channel the renderer
 * could call): null while the services are not running or when the filing is unknown.
 */
export function previewFromRouter(router: () => ((channel: string, input: unknown) => Promise<{ ok: boolean; value?: unknown }>) | null): PreviewSource {
  return async (id, kind = 'filing') => {
    const route = router();
    if (route === null) return null;
    const reply = await route(kind === 'receipt' ? 'receipts.preview' : 'filings.preview', { id });
    const value = reply.value as { html?: unknown } | undefined;
    return reply.ok && typeof value?.html === 'string' ? value.html : null;
  };
}
