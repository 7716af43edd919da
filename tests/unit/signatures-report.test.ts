/** The verification report: DSS "worst wins" overall indication and complete pl/en/uk reason texts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LANGUAGES } from '../../electron/common/messages';
import { overallIndication, REASON_CODES, reasonText } from '../../electron/common/verification-report';

test('overall indication: any failure fails the file, then indeterminate, else passed; no signatures fail', () => {
  const passed = { indication: 'TOTAL_PASSED' as const, subIndication: null };
  const indeterminate = { indication: 'INDETERMINATE' as const, subIndication: 'TRY_LATER' as const };
  const failed = { indication: 'TOTAL_FAILED' as const, subIndication: 'HASH_FAILURE' as const };
  assert.deepEqual(overallIndication([passed, passed]), { indication: 'TOTAL_PASSED', subIndication: null });
  assert.deepEqual(overallIndication([passed, indeterminate]), { indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
  assert.deepEqual(overallIndication([indeterminate, failed, passed]), { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
  assert.equal(overallIndication([]).indication, 'TOTAL_FAILED');
});

test('every reason code has a text in every language, with its parameters filled in', () => {
  for (const lang of LANGUAGES) {
    for (const code of REASON_CODES) {
      const text = reasonText({ code, params: { subject: 'Jan Testowy', date: '2026-11-23', uri: 'a.pdf', detail: 'x', source: 'OCSP', format: 'ZIP', id: 'i' } }, lang);
      assert.ok(text.length > 10, `${lang} ${code}`);
      assert.doesNotMatch(text, /\{\{/, `${lang} ${code}`);
    }
  }
  assert.match(reasonText({ code: 'CERT_REVOKED', params: { subject: 'Jan', date: '2026-01-02' } }, 'pl'), /Jan.*unieważniono 2026-01-02/);
});
