/**
 * Applies policy.ts to Electron objects: every session denies permissions, every web contents
 * (windows, and anything a bug might create) refuses navigation, new windows and <webview>.
 */
import type { Session, WebContents } from 'electron';
import { isAllowedNavigation, permissionDecision } from './policy';
import { openExternalSafely } from './shell';

/** Checklist item 5: the default is to allow, so both handlers are always installed. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionDecision(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionDecision(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}

/** Checklist items 12–14; called from app 'web-contents-created' so no contents escapes it. */
export function hardenWebContents(contents: WebContents): void {
  const denyUnlessAllowed = (event: { url: string; preventDefault(): void }) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', denyUnlessAllowed);
  // Subframes (the letter preview) are judged as subframes: only the preview route may load there.
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url, { isMainFrame: event.isMainFrame })) event.preventDefault();
  });
  contents.on('will-redirect', denyUnlessAllowed);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // target=_blank links to authority portals open in the browser; no window ever opens here.
    void openExternalSafely(url).catch(() => undefined);
    return { action: 'deny' };
  });
}
