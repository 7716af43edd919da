/**
 * The app:// scheme (checklist item 18): the renderer is served from out/renderer through
 * policy.resolveAppProtocolPath, never from file://.
 */
import { protocol, type Session } from 'electron';
import { createAppFileHandler } from './app-files';
import { APP_SCHEME } from './policy';

/** Must run before app 'ready': standard + secure gives the page a real origin and fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves rootDir (out/renderer) on app://nadawca/ in the given session; 404 for anything else. */
export function serveAppFiles(session: Session, rootDir: string): void {
  session.protocol.handle(APP_SCHEME, createAppFileHandler(rootDir));
}
