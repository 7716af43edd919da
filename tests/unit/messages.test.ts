import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES, exitCodeFor } from '../../electron/common/errors';
import { errorMessage, LANGUAGES, pickLang } from '../../electron/common/messages';

test('every error code has a message in every language, placeholders filled', () => {
  for (const lang of LANGUAGES) {
    for (const code of ERROR_CODES) {
      const text = errorMessage(lang, code, { fields: ['a'], address: 'x', file: 'f', reason: 'r', what: 'w', state: 's', module: 'm', cert: 'c', seconds: 5, service: 'ePUAP', url: 'u', faultCode: 1, faultMessage: 'fm' });
      assert.ok(text.length > 5, `${lang}/${code}`);
      assert.doesNotMatch(text, /\{\{/, `${lang}/${code} left a placeholder`);
    }
  }
});

test('PIN messages name the remaining-tries state and promise no retry', () => {
  assert.match(errorMessage('pl', 'PIN_INCORRECT', { pinState: 'final' }), /zablokuje/);
  assert.match(errorMessage('en', 'PIN_INCORRECT', { pinState: 'low' }), /Few tries/);
  assert.match(errorMessage('en', 'PIN_INCORRECT'), /not be retried/);
});

test('language choice falls back to Polish', () => {
  assert.equal(pickLang([undefined, 'en_GB.UTF-8']), 'en');
  assert.equal(pickLang(['uk-UA']), 'uk');
  assert.equal(pickLang(['de_DE']), 'pl');
});

test('exit codes follow docs/CLI.md', () => {
  assert.equal(exitCodeFor('INVALID_INPUT'), 2);
  assert.equal(exitCodeFor('SERVICE_UNREACHABLE'), 3);
  assert.equal(exitCodeFor('SERVICE_REJECTED'), 1);
  assert.equal(exitCodeFor('INTERNAL'), 4);
});
