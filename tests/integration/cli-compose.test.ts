/**
 * `nadawca compose SPEC.json --out FILE.xml` from the TypeScript sources, as a separate process:
 * the description of docs/CLI.md in, an unsigned pismo out; every wrong field named; exit codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS, TEMPLATE_NS } from '../../electron/node/filings/pismo';
import { elementsNS, parseXml } from '../../electron/node/xml/dom';
import { REPO_ROOT } from '../harness/services';

const nadawca = (args: string[], lang = 'pl_PL.UTF-8') =>
  spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, LANG: lang, LC_ALL: '', NADAWCA_LANG: '' },
  });

/** The example of docs/CLI.md, with its attachment next to it. */
function workspace(over: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nadawca-compose-'));
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(300_000), Buffer.from('\n%%EOF\n')]);
  writeFileSync(join(dir, 'zaswiadczenie.pdf'), pdf);
  const spec = {
    template: '1410',
    sender: {
      person: { firstName: 'Jan', lastName: 'Kowalski', pesel: '85022512342' },
      address: { postalCode: '43-400', city: 'Cieszyn', street: 'Rynek', building: '1', flat: '2' },
      email: 'jan@example.pl', phone: '+48 600 000 000',
    },
    addressees: [{ institution: { name: 'Kasa Rolniczego Ubezpieczenia Społecznego' }, inbox: '/KRUS/SkrytkaESP' }],
    place: 'Cieszyn', date: '2026-11-23', caseReference: 'ZN.123.2026',
    title: 'Wniosek o wydanie zaświadczenia', kind: 'wniosek', kindOther: null,
    content: ['Pierwszy akapit.', 'Drugi akapit.'],
    attachments: [{ path: 'zaswiadczenie.pdf', description: 'Kopia zaświadczenia' }],
    ...over,
  };
  const specPath = join(dir, 'pismo.json');
  writeFileSync(specPath, JSON.stringify(spec));
  return { dir, specPath, out: join(dir, 'out', 'pismo.xml'), pdf };
}

test('the description of docs/CLI.md becomes a pismo: exit 0, JSON summary, the attachment inside, no database touched', () => {
  const { dir, specPath, out, pdf } = workspace({
    addressees: [
      { institution: { name: 'Kasa Rolniczego Ubezpieczenia Społecznego' }, inbox: '/KRUS/SkrytkaESP' },
      { institution: { name: 'Zakład Ubezpieczeń Społecznych' } },
    ],
  });
  const data = join(dir, 'no-data-here');
  const r = nadawca(['compose', specPath, '--out', out, '--template', '4566', '--json', '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  const bytes = readFileSync(out);
  assert.equal(summary.out, out);
  assert.equal(summary.template, '4566', '--template wins over the description');
  assert.equal(summary.size, bytes.length);
  assert.equal(summary.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.deepEqual(summary.attachments, [{ fileName: 'zaswiadczenie.pdf', mediaType: 'application/pdf' }]);
  assert.equal(existsSync(data), false, 'pure compose: no data folder, no database, no writer lock');
  assert.deepEqual(readdirSync(join(dir, 'out')), ['pismo.xml'], 'no temp file left beside it');

  const doc = parseXml(bytes.toString('utf8'));
  assert.equal(doc.documentElement!.namespaceURI, TEMPLATE_NS['4566']);
  const att = elementsNS(doc, NS.str, 'Zalacznik')[0]!;
  assert.equal(att.getAttribute('nazwaPliku'), 'zaswiadczenie.pdf');
  assert.equal(elementsNS(att, NS.str, 'OpisZalacznika')[0]!.textContent, 'Kopia zaświadczenia');
  assert.ok(Buffer.from(elementsNS(att, NS.str, 'DaneZalacznika')[0]!.textContent!, 'base64').equals(pdf));
  const names = elementsNS(doc, NS.inst, 'NazwaInstytucji').map((e) => e.textContent);
  assert.deepEqual(names, ['Kasa Rolniczego Ubezpieczenia Społecznego', 'Zakład Ubezpieczeń Społecznych']);

  const human = nadawca(['compose', specPath, '--out', out]);
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /Zapisano pismo .*pismo\.xml/);
});

test('invalid data: exit 2 naming every wrong field by the description\'s own paths, in the user\'s language; nothing written', () => {
  const { specPath, out } = workspace({
    sender: {
      person: { firstName: '', lastName: 'Kowalski', pesel: '85022512341', nip: '5213621697' },
      address: { postalCode: '43400', city: 'Cieszyn', building: '1' },
      email: 'nie-email',
    },
    addressees: [{ institution: { name: 'KRUS' }, inbox: 'KRUS' }, { institution: {} }],
    date: '2026-13-45', kind: 'inne pismo', content: [],
    attachments: [{ path: '' }, { path: 'x.pdf', description: 5 }],
  });
  const expected = [
    'sender.person.firstName', 'sender.person.pesel', 'sender.person.nip', 'sender.address.postalCode', 'sender.email',
    'addressees.0.inbox', 'addressees.1.institution.name', 'date', 'content', 'kindOther', 'attachments.0.path', 'attachments.1.description',
  ];
  const pl = nadawca(['compose', specPath, '--out', out]);
  assert.equal(pl.status, 2);
  assert.match(pl.stderr, /^nadawca: Niepoprawne dane: /);
  for (const f of expected) assert.ok(pl.stderr.includes(f), `${f} in ${pl.stderr}`);
  const en = nadawca(['compose', specPath, '--out', out, '--lang', 'en', '--json']);
  assert.equal(en.status, 2);
  const { error } = JSON.parse(en.stdout);
  assert.equal(error.code, 'INVALID_INPUT');
  assert.match(error.message, /^Invalid data: /);
  for (const f of expected) assert.ok(error.message.includes(f), `${f} in ${error.message}`);
  assert.equal(existsSync(out), false);

  const noAddressee = workspace({ addressees: [], template: '9999' });
  const r = nadawca(['compose', noAddressee.specPath, '--out', noAddressee.out, '--lang', 'en']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /addressees/);
  assert.match(r.stderr, /template/);
  const badOption = nadawca(['compose', noAddressee.specPath, '--out', noAddressee.out, '--template', '1', '--lang', 'en']);
  assert.match(badOption.stderr, /--template/);
});

test('an unreadable attachment: exit 2 naming the file and the reason', () => {
  const { dir, specPath, out } = workspace();
  writeFileSync(join(dir, 'pusty.pdf'), '');
  mkdirSync(join(dir, 'katalog.pdf'));
  for (const [path, pl, en] of [
    ['nie-ma.pdf', 'brak takiego pliku', 'no such file'],
    ['pusty.pdf', 'plik jest pusty', 'the file is empty'],
    ['katalog.pdf', 'to nie jest zwykły plik', 'not a regular file'],
  ]) {
    const spec = JSON.parse(readFileSync(specPath, 'utf8'));
    spec.attachments = [{ path }];
    writeFileSync(specPath, JSON.stringify(spec));
    const r = nadawca(['compose', specPath, '--out', out]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `nadawca: Nie można odczytać załącznika „${path}”: ${pl}.\n`);
    assert.match(nadawca(['compose', specPath, '--out', out, '--lang', 'en']).stderr, new RegExp(`"${path}": ${en}`));
  }
  assert.equal(existsSync(out), false);
});

test('usage errors: a missing --out or description file exits 2', () => {
  const { specPath } = workspace();
  const noOut = nadawca(['compose', specPath, '--lang', 'en']);
  assert.equal(noOut.status, 2);
  assert.match(noOut.stderr, /Invalid data: --out/);
  const missing = nadawca(['compose', join(tmpdir(), 'nie-ma-takiego.json'), '--out', join(tmpdir(), 'x.xml'), '--lang', 'en']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /Not found: .*nie-ma-takiego\.json/);
  const notJson = workspace();
  writeFileSync(notJson.specPath, '{ "template": ');
  const broken = nadawca(['compose', notJson.specPath, '--out', notJson.out, '--lang', 'en']);
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /Invalid data: .*pismo\.json/);
});
