/**
 * Attachments staged from disk (DOMAIN-inboxes §7): each chosen file is read in 1 MiB slices
 * (never whole) and sent chunk by chunk through attachments.stageBegin/stageChunk/stageCommit;
 * after every change attachments.check weighs the letter's files against the inbox's limit.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelOutput } from '../../electron/common/contract';
import { CHUNK_MAX_BYTES, type StagedAttachment } from '../../electron/common/contract-attachments';
import { channelOfAddress } from '../../electron/common/addresses';
import { call, messageOf } from '../api';

export type CheckResult = ChannelOutput<'attachments.check'>;

export interface AttachmentItem {
  key: string;
  fileName: string;
  size: number;
  status: 'uploading' | 'committed' | 'failed';
  sent: number;
  stagedId?: string;
  staged?: StagedAttachment;
  error?: string;
  description: string;
}

/** Base64 of bytes without building one huge string argument list. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

let counter = 0;

export function useStagedAttachments(inbox: string) {
  const [items, setItems] = useState<AttachmentItem[]>([]);
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const cancelled = useRef(new Set<string>());
  const queue = useRef(Promise.resolve());

  const update = (key: string, patch: Partial<AttachmentItem>) => setItems((list) => list.map((a) => (a.key === key ? { ...a, ...patch } : a)));

  async function upload(item: AttachmentItem, file: File): Promise<void> {
    if (cancelled.current.has(item.key)) return;
    let stagedId: string | undefined;
    try {
      stagedId = (await call('attachments.stageBegin', { fileName: file.name, size: file.size })).stagedId;
      update(item.key, { stagedId });
      let offset = 0;
      while (offset < file.size) {
        if (cancelled.current.has(item.key)) throw new Error('cancelled');
        const slice = new Uint8Array(await file.slice(offset, offset + CHUNK_MAX_BYTES).arrayBuffer());
        const { received } = await call('attachments.stageChunk', { stagedId, offset, dataBase64: toBase64(slice) });
        offset = received;
        update(item.key, { sent: offset });
      }
      if (cancelled.current.has(item.key)) throw new Error('cancelled');
      const staged = await call('attachments.stageCommit', { stagedId });
      if (cancelled.current.has(item.key)) {
        await call('attachments.stageDiscard', { stagedId }).catch(() => undefined);
        return;
      }
      update(item.key, { status: 'committed', staged, sent: file.size });
    } catch (e) {
      if (stagedId) await call('attachments.stageDiscard', { stagedId }).catch(() => undefined);
      if (!cancelled.current.has(item.key)) update(item.key, { status: 'failed', error: messageOf(e) });
    }
  }

  function addFiles(files: File[]): AttachmentItem[] {
    const added = files.map<AttachmentItem>((f) => ({
      key: `a${++counter}`,
      fileName: f.name,
      size: f.size,
      status: 'uploading',
      sent: 0,
      description: '',
    }));
    setItems((list) => [...list, ...added]);
    added.forEach((item, i) => {
      const file = files[i]!;
      queue.current = queue.current.then(() => upload(item, file));
    });
    return added;
  }

  /** Cancels an upload or removes a staged file; both discard what the services hold. */
  function remove(key: string) {
    cancelled.current.add(key);
    setItems((list) => {
      const item = list.find((a) => a.key === key);
      if (item?.status === 'committed' && item.stagedId) void call('attachments.stageDiscard', { stagedId: item.stagedId }).catch(() => undefined);
      return list.filter((a) => a.key !== key);
    });
  }

  /**
   * Files a draft refers to (staged earlier, maybe before a crash): shown as staged under the name
   * they go out under. Returns how many are no longer held by the services (dropped here).
   */
  async function restore(refs: readonly { stagedId: string; description: string }[], inboxOfDraft: string): Promise<number> {
    cancelled.current = new Set();
    if (refs.length === 0) {
      setItems([]);
      return 0;
    }
    let names = new Map<string, string>();
    let gone = 0;
    let kept = refs;
    try {
      const result = await call('attachments.check', { inbox: inboxOfDraft.trim(), stagedIds: refs.map((r) => r.stagedId) });
      names = new Map(result.files.map((f) => [f.stagedId, f.safeFileName]));
    } catch {
      // The inbox is not complete yet, or a file is no longer staged: keep none we cannot vouch for.
      kept = [];
      gone = refs.length;
    }
    setItems(
      kept.map((r, i) => ({
        key: `a${++counter}`,
        fileName: names.get(r.stagedId) ?? `#${i + 1}`,
        size: 0,
        status: 'committed',
        sent: 0,
        stagedId: r.stagedId,
        description: r.description,
      })),
    );
    return gone;
  }

  function setDescription(key: string, description: string) {
    update(key, { description });
  }

  const committed = items.filter((a) => a.status === 'committed' && a.stagedId);
  const idsKey = committed.map((a) => a.stagedId).join(',');
  const target = inbox.trim();

  const runCheck = useCallback(
    async (ids: string[], live: { current: boolean }) => {
      if (channelOfAddress(target) === null) {
        setCheck(null);
        return;
      }
      try {
        const result = await call('attachments.check', { inbox: target, stagedIds: ids });
        if (live.current) {
          setCheck(result);
          setCheckError(null);
        }
      } catch (e) {
        if (live.current) {
          setCheck(null);
          setCheckError(messageOf(e));
        }
      }
    },
    [target],
  );

  useEffect(() => {
    const live = { current: true };
    const ids = idsKey === '' ? [] : idsKey.split(',');
    const timer = setTimeout(() => void runCheck(ids, live), 250);
    return () => {
      live.current = false;
      clearTimeout(timer);
    };
  }, [idsKey, runCheck]);

  const checkedIds = check?.files.map((f) => f.stagedId).join(',') ?? null;
  const checkCurrent = check !== null && checkedIds === idsKey;
  const refusedByInbox = (a: AttachmentItem) => checkCurrent && check.files.some((f) => f.stagedId === a.stagedId && !f.accepted);
  const uploading = items.some((a) => a.status === 'uploading');
  const refused = items.filter((a) => a.status === 'failed' || (a.staged && !a.staged.accepted) || refusedByInbox(a));
  /** What stops the letter from being created, or null. */
  const blocking = uploading ? 'uploading' : refused.length > 0 || (checkCurrent && check.problems.length > 0) ? 'refused' : null;

  return { items, check: checkCurrent ? check : null, checkError, addFiles, remove, restore, setDescription, refusedByInbox, blocking, committed };
}
