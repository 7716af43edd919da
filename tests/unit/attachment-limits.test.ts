import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSize, issueMessage } from '../../electron/common/attachment-issues';
import { checkAttachments, encodedSize } from '../../electron/node/attachments/check';

const MiB = 1024 * 1024;
const KRUS = { bytes: 3 * MiB, scope: 'attachments' as const, inboxName: 'KRUS' };
const file = (name: string, size: number, sha256 = name.padEnd(64, '0')) => ({ name, size, sha256 });

test('sizes count as base64 in the pismo: 4 bytes for every 3 started', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 3 * MiB].map(encodedSize), [0, 4, 4, 4, 8, 4 * MiB]);
});

test('KRUS: 3 MB for all attachments together; the message names the limit and the inbox', () => {
  const r = checkAttachments({ inbox: '/KRUS/SkrytkaESP', files: [file('a.pdf', 2 * MiB), file('b.pdf', 1.15 * MiB)], limit: KRUS });
  assert.equal(r.usedBytes, encodedSize(2 * MiB) + encodedSize(1.15 * MiB));
  assert.deepEqual([r.limitBytes, r.scope], [3 * MiB, 'attachments']);
  assert.equal(issueMessage('pl', r.problems[0]!), 'KRUS przyjmuje najwyżej 3 MB załączników; te pliki mają 4,2 MB (tyle, ile zajmą w wysyłanym piśmie). Podziel je na kilka pism.');
  assert.deepEqual(checkAttachments({ inbox: '/KRUS/SkrytkaESP', files: [file('a.pdf', 2 * MiB)], limit: KRUS }).problems, []);
});

test('a per-file limit (Ruda Śląska) names each file over it', () => {
  const limit = { bytes: 5 * MiB, scope: 'file' as const, inboxName: 'Urząd Miasta Ruda Śląska' };
  const r = checkAttachments({ inbox: '/RS/skrytka', files: [file('a.pdf', 3 * MiB), file('b.pdf', 4 * MiB), file('c.pdf', 3.9 * MiB)], limit });
  assert.deepEqual(r.problems.map((p) => [p.code, p.file]), [['overLimitFile', 'b.pdf'], ['overLimitFile', 'c.pdf']]);
  assert.equal(r.usedBytes, encodedSize(4 * MiB));
  assert.match(issueMessage('en', r.problems[0]!), /^Urząd Miasta Ruda Śląska accepts files of at most 5 MB; "b\.pdf" takes 5\.3 MB/);
});

test('a whole-document limit (Częstochowa) leaves room for the letter itself', () => {
  const limit = { bytes: 5 * MiB, scope: 'document' as const, inboxName: 'Urząd Miasta Częstochowy' };
  const justUnder = Math.floor((5 * MiB * 3) / 4) - 3;
  const r = checkAttachments({ inbox: '/UMCz/skrytka', files: [file('a.pdf', justUnder)], limit });
  assert.deepEqual(r.problems.map((p) => p.code), ['overLimitDocument']);
  assert.ok(r.usedBytes > encodedSize(justUnder));
});

test('above 90 % a warning with the share; the same content twice names both files', () => {
  const r = checkAttachments({ inbox: '/KRUS/SkrytkaESP', files: [file('a.pdf', 1.1 * MiB, 'x'.repeat(64)), file('kopia a.pdf', 1.1 * MiB, 'x'.repeat(64))], limit: KRUS });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.warnings.map((w) => w.code), ['duplicate', 'nearLimit']);
  assert.equal(issueMessage('en', r.warnings[0]!), '"kopia a.pdf" has the same content as "a.pdf".');
  assert.equal(r.warnings[1]!.params.percent, 98);
});

test('no limit in the directory: an ePUAP box warns above the common 3.5 MB, e-Doręczenia does not', () => {
  const big = [file('a.pdf', 3 * MiB)];
  assert.deepEqual(checkAttachments({ inbox: '/ZUS/SkrytkaESP', files: big, limit: null }).warnings.map((w) => w.code), ['epuapCommonLimit']);
  const ade = checkAttachments({ inbox: 'AE:PL-12345-67890-ABCDE-12', files: big, limit: null });
  assert.deepEqual([ade.warnings, ade.problems, ade.limitBytes, ade.scope], [[], [], null, null]);
});

test('sizes read the way each language writes numbers', () => {
  assert.deepEqual([formatSize('pl', 4.2 * MiB), formatSize('en', 4.2 * MiB), formatSize('uk', 150 * MiB), formatSize('pl', 1500)], ['4,2 MB', '4.2 MB', '150 MB', '2 KB']);
});
