/**
 * The one place that calls shell.openExternal (checklist item 15): https links to the
 * authority hosts in policy.EXTERNAL_HOSTS, everything else is dropped.
 */
import { shell } from 'electron';
import { externalUrl } from './policy';

/** Opens an allowed link in the user's browser; returns whether it did. */
export async function openExternalSafely(url: string): Promise<boolean> {
  const href = externalUrl(url);
  if (href === null) return false;
  await shell.openExternal(href);
  return true;
}
