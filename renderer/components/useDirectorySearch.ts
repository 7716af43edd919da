/**
 * Live directory search: the query goes to `directory.search` once typing pauses, and an answer
 * that arrives after a newer query was sent is dropped.
 */
import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../electron/common/contract';
import { call, messageOf } from '../api';

const SEARCH_DELAY_MS = 250;

export type SearchResult = ChannelOutput<'directory.search'>;

export function useDirectorySearch(query: string, opts: { limit?: number; enabled?: boolean; reloadKey?: number } = {}) {
  const { limit, enabled = true, reloadKey = 0 } = opts;
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const timer = window.setTimeout(() => {
      call('directory.search', limit === undefined ? { query } : { query, limit }).then(
        (r) => {
          if (!current) return;
          setResult(r);
          setError(null);
        },
        (e: unknown) => {
          if (current) setError(messageOf(e));
        },
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query, limit, enabled, reloadKey]);

  return { result, error };
}
