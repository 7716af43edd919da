/**
 * Picks the addressee from the directory: an ARIA 1.2 combobox with a listbox popup (list
 * autocomplete, manual selection). Arrow keys move through the matches, Enter picks, Escape
 * closes (and, when closed, clears). Picking asks `directory.propose` for the channel and inbox
 * that fit the letter's date.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryEntryView, Proposal } from '../../electron/common/contract-directory';
import { call, messageOf } from '../api';
import { todayIso } from '../format';
import { useDirectorySearch } from './useDirectorySearch';

const MAX_OPTIONS = 8;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The letter's date when it is one, otherwise today's (the form reports a bad date itself). */
export function proposalDate(date: string): string {
  return ISO_DATE.test(date) ? date : todayIso();
}

export function InboxPicker(props: { date: string; onPick: (entry: DirectoryEntryView, proposal: Proposal) => void }) {
  const { t } = useTranslation();
  const uid = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const search = useDirectorySearch(query, { limit: MAX_OPTIONS, enabled: open });
  const options = open ? (search.result?.entries ?? []) : [];
  const inputId = `${uid}-input`;
  const listId = `${uid}-list`;
  const hintId = `${uid}-hint`;
  const optionId = (i: number) => `${uid}-option-${i}`;

  async function pick(entry: DirectoryEntryView) {
    setOpen(false);
    setActive(-1);
    setQuery(entry.name);
    setError(null);
    try {
      props.onPick(entry, await call('directory.propose', { id: entry.id, date: proposalDate(props.date) }));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) setOpen(true);
        else setActive((i) => Math.min(i + 1, options.length - 1));
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (open) setActive((i) => Math.max(i - 1, 0));
        break;
      case 'Enter': {
        // Enter here never submits the letter.
        e.preventDefault();
        const chosen = options[active];
        if (open && chosen) void pick(chosen);
        break;
      }
      case 'Escape':
        if (open) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (query !== '') {
          e.preventDefault();
          setQuery('');
        }
        break;
      default:
        break;
    }
  }

  const expanded = open && options.length > 0;
  const status = !open || search.result === null ? '' : options.length === 0 ? t('compose.picker.none') : t('compose.picker.count', { n: options.length });

  return (
    <div className="picker">
      <label className="field__label" htmlFor={inputId}>
        {t('compose.picker.label')}
        <span className="field__optional"> ({t('common.optional')})</span>
      </label>
      <div className="picker__control">
        <input
          id={inputId}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-describedby={hintId}
          autoComplete="off"
          spellCheck={false}
          value={query}
          maxLength={200}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            setActive(-1);
          }}
        />
        <ul id={listId} role="listbox" className="picker__list" aria-label={t('compose.picker.listLabel')} hidden={!expanded}>
          {options.map((entry, i) => (
            <li
              key={entry.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'picker__option picker__option--active' : 'picker__option'}
              // Keeps focus in the input, so the click below still finds the list open.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void pick(entry)}
            >
              <span className="picker__name">{entry.name}</span>
              <span className="picker__meta">
                {[entry.town, entry.edoreczenia?.address ?? entry.epuap?.address ?? t('compose.picker.noAddress')].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <p className="field__hint" id={hintId}>
        {t('compose.picker.hint')}
      </p>
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {(error ?? search.error) && (
        <p className="alert alert--error" role="alert">
          {error ?? search.error}
        </p>
      )}
    </div>
  );
}
