/**
 * The pismo as built and as the office sees it: the streaming builder's output rendered with the
 * official CRD stylesheets by the in-app engine, cross-checked by xsltproc (libxslt), an XSLT
 * processor nobody here wrote.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeInputSchema, type ComposeInput } from '../../electron/common/compose-schema';
import type { FilingDetail } from '../../electron/common/contract';
import type { Result } from '../../electron/common/result';
import { openAppDatabase } from '../../electron/node/db/database';
import { createFilingsRepo } from '../../electron/node/filings/filings-repo';
import { createFilingsService } from '../../electron/node/filings/filings-service';
import { letterChecker } from '../../electron/node/attachments/letter-check';
import type { ResolvedStaged } from '../../electron/node/attachments/staging';
import { NS, TEMPLATE_NS, writePismo, type PismoAttachment, type PismoInput } from '../../electron/node/filings/pismo';
import { renderPismoHtml, renderPreview } from '../../electron/node/filings/preview';
import type { Signer } from '../../electron/node/signer/types';
import { openAtomicWriter } from '../../electron/node/storage/atomic-write';
import { createBlobStore } from '../../electron/node/storage/blob-store';
import { elementsNS, parseXml } from '../../electron/node/xml/dom';
import { REPO_ROOT, startTestServices } from '../harness/services';

const work = mkdtempSync(join(tmpdir(), 'nadawca-pismo-'));
after(() => rmSync(work, { recursive: true, force: true }));
const CREATED = new Date('2026-11-20T09:30:00Z');
const STYLESHEET = { '1410': 'wzor-2013-12-12-1410/styl.xsl', '4566': 'wzor-2017-10-24-4566/styl.xsl' } as const;

const SENDERS = {
  otherId: { person: { firstName: 'Jan', secondName: 'Maria', lastName: 'Kowalski', otherId: { type: 'Paszport', value: 'ZZ1234567' } } },
  pesel: { person: { firstName: 'Janina', lastName: 'Wiśniewska', pesel: '44051401359' } },
  nip: { person: { firstName: 'Piotr', lastName: 'Zieliński', nip: '5250007313' } },
  institution: { institution: { name: 'Spółdzielnia „Zgoda” & S-ka', nip: '5213621697', regon: '12345678512347', krs: '0000012345' } },
} as const;

function letter(template: '1410' | '4566', sender: object, over: Partial<ComposeInput> = {}) {
  const { attachments: _none, ...spec } = composeInputSchema.parse({
    template,
    sender: {
      ...sender,
      address: { postalCode: '43-400', city: 'Cieszyn', street: 'Rynek', building: '12A', flat: '7', voivodeship: 'śląskie', county: 'cieszyński', commune: 'Cieszyn' },
      email: 'jan@example.pl', phone: '+48 600 100 200',
    },
    addressee: { name: 'Kasa Rolniczego Ubezpieczenia Społecznego', inbox: '/KRUS/SkrytkaESP' },
    additionalAddressees: [{ name: 'Zakład Ubezpieczeń Społecznych' }],
    place: 'Ustroń', date: '2026-11-23', caseReference: 'ZN.123.2026',
    title: 'Wezwanie <pilne> & ważne', kind: 'inne pismo', kindOther: 'Wezwanie do usunięcia naruszenia prawa',
    content: ['Pierwszy akapit\nz drugą linią.', 'Drugi akapit.'],
    statements: ['Oświadczam, że dane są prawdziwe.'],
    additionalInfo: ['Sprawa pilna ze względu na termin.'],
    signatory: { firstName: 'Anna', secondName: 'Ewa', lastName: 'Nowak', position: 'Pełnomocnik zarządu', onAuthorisationOf: 'Prezesa Zarządu' },
    ...over,
  });
  return spec;
}

const inline = (fileName: string, bytes: Uint8Array, description?: string): PismoAttachment => ({ fileName, mediaType: 'application/pdf', description, source: { bytes } });

async function build(input: PismoInput, name: string): Promise<string> {
  const path = join(work, name);
  const out = await openAtomicWriter(work);
  await writePismo(input, CREATED, out);
  await out.commit(path);
  return path;
}

/** Parses preview HTML (our DOCTYPE, or xsltproc's declaration and DOCTYPE, dropped first). */
const htmlDoc = (html: string) => parseXml(html.replace(/^<\?xml[^>]*\?>\s*/, '').replace(/^<!DOCTYPE[^>]*>\s*/, ''), 'html');
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
/** The text a reader sees, as one line. */
const visibleText = (html: string) => collapse(htmlDoc(html).getElementsByTagName('body')[0]!.textContent ?? '');
/** Each text run of the body: what the browser lays out, indentation between blocks aside. */
function textRuns(html: string): string[] {
  const runs: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === 3) {
      const t = collapse(n.nodeValue ?? '');
      if (t) runs.push(t);
    }
    for (const c of Array.from(n.childNodes ?? [])) walk(c);
  };
  walk(htmlDoc(html).getElementsByTagName('body')[0]!);
  return runs;
}

function xsltproc(template: '1410' | '4566', file: string): string {
  const r = spawnSync('xsltproc', ['--nonet', join(REPO_ROOT, 'resources/runtime/crd', STYLESHEET[template]), file], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'xsltproc missing: run scripts/install-system-deps.sh');
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** What the office must see for the letter, in the stylesheets' own wording. */
function expectedValues(spec: ReturnType<typeof letter>): string[] {
  const { sender: s, signatory: sig } = spec;
  const a = s.address;
  const who = s.person
    ? [[s.person.firstName, s.person.secondName, s.person.lastName].filter(Boolean).join(' '),
        s.person.pesel ? `PESEL: ${s.person.pesel}` : s.person.nip ? `NIP: ${s.person.nip}` : `${s.person.otherId!.type}: ${s.person.otherId!.value}`]
    : [s.institution!.name, `KRS: ${s.institution!.krs}`, `NIP: ${s.institution!.nip}`, `REGON: ${s.institution!.regon}`];
  return [
    ...who, `${a.postalCode} ${a.city}`, `${a.street} ${a.building} / ${a.flat}`,
    `Województwo: ${a.voivodeship}`, `Powiat: ${a.county}`, `Gmina: ${a.commune}`, `Telefon: ${s.phone}`, `Email: ${s.email}`,
    spec.addressee.name, ...spec.additionalAddressees!.map((x) => x.name), spec.place, spec.date, spec.caseReference!,
    'Pismo ogólne do podmiotu publicznego', spec.title, ...(spec.kind === 'inne pismo' ? [spec.kindOther!] : [spec.kind]),
    ...spec.content.map(collapse), ...spec.statements!, ...spec.additionalInfo!,
    'Z upoważnienia', `${sig!.firstName} ${sig!.secondName} ${sig!.lastName}`, sig!.position!,
    'zalacznik.pdf - Kopia decyzji', 'drugi.pdf',
  ];
}

const ATTACHMENTS = [inline('zalacznik.pdf', Buffer.from('%PDF-1.4\n'), 'Kopia decyzji'), inline('drugi.pdf', Buffer.from('%PDF-1.7\n'))];

for (const template of ['1410', '4566'] as const) {
  test(`wzór ${template}, every field filled: the official stylesheet shows every value, and xsltproc sees the same text`, async () => {
    for (const [name, sender] of Object.entries(SENDERS)) {
      const spec = letter(template, sender);
      const file = await build({ ...spec, attachments: ATTACHMENTS }, `full-${template}-${name}.xml`);
      const html = await renderPreview(file);
      const text = visibleText(html);
      for (const value of expectedValues(spec)) assert.ok(text.includes(value), `${template}/${name}: "${value}" not shown in: ${text}`);
      assert.ok(!text.includes('inne pismo'), 'for "inne pismo" the stylesheet shows jakiInny instead');
      assert.deepEqual(textRuns(html), textRuns(xsltproc(template, file)), `${template}/${name}: the in-app engine and libxslt differ`);
    }
  });
}

test('a predefined kind is shown as such, with no jakiInny written', async () => {
  const spec = letter('4566', SENDERS.pesel, { kind: 'zawiadomienie', kindOther: undefined });
  const file = await build({ ...spec, attachments: [] }, 'kind.xml');
  assert.match(visibleText(await renderPreview(file)), /zawiadomienie/);
  const kindEl = elementsNS(parseXml(readFileSync(file, 'utf8')), TEMPLATE_NS['4566'], 'RodzajWnioskuRozszerzony')[0]!;
  assert.equal(kindEl.getAttribute('rodzaj'), 'zawiadomienie');
  assert.equal(kindEl.hasAttribute('jakiInny'), false);
});

test('the output is well-formed UTF-8 without BOM, the stylesheet PI before the root, elements in the order the stylesheets read', async () => {
  for (const template of ['1410', '4566'] as const) {
    const file = await build({ ...letter(template, SENDERS.otherId), attachments: ATTACHMENTS }, `order-${template}.xml`);
    const bytes = readFileSync(file);
    assert.notDeepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'no BOM');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    assert.ok(text.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="${TEMPLATE_NS[template]}styl.xsl"?>\n<wnio:Dokument `), text.slice(0, 200));
    const doc = parseXml(text);
    const names = (e: Element) => Array.from(e.childNodes).filter((n) => n.nodeType === 1).map((n) => (n as Element).localName);
    const one = (ns: string, local: string) => elementsNS(doc, ns, local)[0]!;
    const w = TEMPLATE_NS[template];
    assert.deepEqual(names(doc.documentElement!), ['OpisDokumentu', 'DaneDokumentu', 'TrescDokumentu']);
    assert.deepEqual(names(one(w, 'DaneDokumentu')), ['Naglowek', 'Data', 'Adresaci', 'Nadawcy']);
    assert.deepEqual(names(one(w, 'TrescDokumentu')),
      ['MiejscowoscDokumentu', 'Tytul', 'RodzajWnioskuRozszerzony', 'Informacje', 'Oswiadczenia', 'InformacjeDodatkowe', 'Podpis', 'Zalaczniki']);
    assert.deepEqual(names(one(NS.oso, 'Osoba')), ['Imie', 'ImieDrugie', 'Nazwisko', 'IdOsoby', 'Adres', 'Kontakt']);
    assert.deepEqual(names(one(NS.oso, 'InnyIdentyfikator')), ['TypIdentyfikatora', 'WartoscIdentyfikatora']);
    assert.deepEqual(names(one(NS.adr, 'Adres')), ['KodPocztowy', 'Poczta', 'Miejscowosc', 'Ulica', 'Budynek', 'Lokal', 'Wojewodztwo', 'Powiat', 'Gmina']);
    assert.deepEqual(names(one(w, 'Podpis')), ['ZUpowaznienia', 'Imie', 'ImieDrugie', 'Nazwisko', 'Stanowisko']);
    assert.deepEqual(names(one(w, 'Oswiadczenia')), ['Oswiadczenie']);
    assert.deepEqual(names(one(w, 'InformacjeDodatkowe')), ['Informacja']);
    assert.deepEqual(names(one(NS.str, 'Adresaci')), ['Podmiot', 'Podmiot']);
    assert.deepEqual(names(one(NS.str, 'Zalacznik')), ['OpisZalacznika', 'DaneZalacznika']);
  }
  const inst = parseXml(readFileSync(await build({ ...letter('1410', SENDERS.institution), attachments: [] }, 'inst.xml'), 'utf8'));
  const instEl = elementsNS(inst, NS.inst, 'Instytucja').find((e) => elementsNS(e, NS.inst, 'IdInstytucji').length > 0)!;
  assert.deepEqual(Array.from(instEl.childNodes).map((n) => (n as Element).localName), ['NazwaInstytucji', 'Adres', 'IdInstytucji', 'Kontakt']);
  assert.deepEqual(Array.from(elementsNS(inst, NS.inst, 'IdInstytucji')[0]!.childNodes).map((n) => (n as Element).localName), ['KRS', 'NIP', 'REGON']);
});

test('a file attachment is base64-encoded in pieces straight into the output: it decodes to the original bytes and its digest matches', async () => {
  const sizes = [1, 2, 3, 196_608 * 2, 1_000_001];
  const files = sizes.map((size, n) => {
    const path = join(work, `plik-${n}.bin`);
    const bytes = randomBytes(size);
    writeFileSync(path, bytes);
    return { path, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  const file = await build({
    ...letter('1410', SENDERS.pesel),
    attachments: files.map((f, n) => ({ fileName: `plik-${n}.bin`, mediaType: 'application/octet-stream', source: { path: f.path, size: f.bytes.length, sha256: f.sha256 } })),
  }, 'streamed.xml');
  const data = elementsNS(parseXml(readFileSync(file, 'utf8')), NS.str, 'DaneZalacznika');
  assert.equal(data.length, files.length);
  files.forEach((f, n) => {
    const decoded = Buffer.from(data[n]!.textContent!, 'base64');
    assert.ok(decoded.equals(f.bytes), `attachment ${n} (${f.bytes.length} B) decodes to the original`);
    assert.equal(createHash('sha256').update(decoded).digest('hex'), f.sha256);
  });
});

test('a file that changed since it was chosen, vanished, is a folder or is empty is refused, naming it and the reason', async () => {
  const path = join(work, 'zmieniony.bin');
  writeFileSync(path, 'abc');
  mkdirSync(join(work, 'katalog'), { recursive: true });
  writeFileSync(join(work, 'pusty.bin'), '');
  const cases: [PismoAttachment['source'], string][] = [
    [{ path, size: 4 }, 'changed'],
    [{ path, sha256: '0'.repeat(64) }, 'changed'],
    [{ path: join(work, 'nie-ma.bin') }, 'notFound'],
    [{ path: join(work, 'katalog') }, 'notAFile'],
    [{ path: join(work, 'pusty.bin') }, 'empty'],
  ];
  for (const [source, reason] of cases) {
    const out = await openAtomicWriter(work);
    await assert.rejects(writePismo({ ...letter('1410', SENDERS.pesel), attachments: [{ fileName: 'x.bin', mediaType: 'application/octet-stream', source }] }, CREATED, out),
      (e: { code?: string; details?: { reason?: string; file?: string } }) => e.code === 'ATTACHMENT_UNREADABLE' && e.details?.reason === reason && e.details.file === 'x.bin');
    await out.discard();
  }
});

test('a document too big to hold is previewed without the attachments\' contents, exactly as the whole', async () => {
  const big = join(work, 'duzy.bin');
  writeFileSync(big, randomBytes(3_000_000));
  const file = await build({
    ...letter('4566', SENDERS.institution),
    attachments: [
      { fileName: 'duzy.bin', mediaType: 'application/octet-stream', description: 'Skan 📄 z załącznikiem', source: { path: big } },
      inline('maly.pdf', Buffer.from('%PDF-1.4\n'), 'Mały'),
    ],
  }, 'big.xml');
  const whole = await renderPreview(file);
  assert.equal(await renderPreview(file, 0), whole, 'elided and whole render alike');
  assert.match(visibleText(whole), /duzy\.bin - Skan 📄 z załącznikiem/);
});

test('nothing in the preview can run: text stays text, javascript: links are removed', async () => {
  const w = TEMPLATE_NS['1410'];
  const html = await renderPismoHtml(`<?xml version="1.0" encoding="UTF-8"?>
<wnio:Dokument xmlns:wnio="${w}" xmlns:str="${NS.str}"><wnio:TrescDokumentu><wnio:Tytul>&lt;script&gt;alert(1)&lt;/script&gt;</wnio:Tytul>
<str:Zalaczniki><str:Zalacznik kodowanie="URI" nazwaPliku="link.pdf"><str:DaneZalacznika>javascript:alert(2)</str:DaneZalacznika></str:Zalacznik>
<str:Zalacznik kodowanie="URI" nazwaPliku="plik.pdf"><str:DaneZalacznika>https://example.gov.pl/plik.pdf</str:DaneZalacznika></str:Zalacznik></str:Zalaczniki>
</wnio:TrescDokumentu></wnio:Dokument>`);
  const doc = htmlDoc(html);
  assert.equal(doc.getElementsByTagName('script').length, 0);
  assert.match(visibleText(html), /<script>alert\(1\)<\/script>/, 'shown as text');
  const links = Array.from(doc.getElementsByTagName('a')).map((a) => a.getAttribute('href'));
  assert.deepEqual(links, [null, 'https://example.gov.pl/plik.pdf']);
  assert.ok(html.startsWith('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'));
  assert.doesNotMatch(html, /<(div|p|span|td)\b[^>]*\/>/, 'no self-closed non-void elements (HTML parsers would not close them)');
});

test('filings.create streams a staged file into the store; filings.preview renders what is stored', async () => {
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  const db = openAppDatabase(dataDir);
  try {
    const blobs = createBlobStore(dataDir, db, () => CREATED);
    const repo = createFilingsRepo(db, () => CREATED);
    const stagedBytes = randomBytes(500_000);
    const staged: ResolvedStaged = { path: join(work, 'staged.pdf'), fileName: 'plan_budowy.pdf', mediaType: 'application/pdf', size: stagedBytes.length, sha256: createHash('sha256').update(stagedBytes).digest('hex'), format: 'pdf' };
    writeFileSync(staged.path, stagedBytes);
    const stagedId = '0b7f4c2e-8a51-4f1e-9c3d-2a6b8e9f0a1b';
    // Test double of attachments/staging.ts resolveStaged; signing is not used here.
    const resolveStaged = (id: string) => (id === stagedId ? staged : { ...staged, sha256: '0'.repeat(64) });
    const filings = createFilingsService({ repo, blobs, signer: {} as Signer, resolveStaged, checkAttachments: letterChecker(db, () => 'en'), clock: () => CREATED, changed: () => {} });
    const spec = composeInputSchema.parse({
      template: '4566',
      sender: { person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' }, address: { postalCode: '43-400', city: 'Cieszyn', building: '1' } },
      addressee: { name: 'KRUS', inbox: '/KRUS/SkrytkaESP' }, place: 'Cieszyn', date: '2026-11-23', title: 'Plan budowy', content: ['W załączeniu plan.'],
      attachments: [{ stagedId, description: 'Plan' }, { fileName: 'notatka.txt', contentBase64: Buffer.from('Notatka').toString('base64') }],
    });
    const created = await filings.create(spec);
    const row = repo.get(created.id);
    const stored = readFileSync(blobs.pathOf(row.draft_sha256));
    assert.equal(createHash('sha256').update(stored).digest('hex'), row.draft_sha256, 'stored under its digest');
    const data = elementsNS(parseXml(stored.toString('utf8')), NS.str, 'Zalacznik');
    assert.deepEqual(data.map((z) => [z.getAttribute('nazwaPliku'), z.getAttribute('format')]), [['plan_budowy.pdf', 'application/pdf'], ['notatka.txt', 'text/plain']]);
    assert.ok(Buffer.from(elementsNS(data[0]!, NS.str, 'DaneZalacznika')[0]!.textContent!, 'base64').equals(stagedBytes));
    const { html } = await filings.preview(created.id);
    assert.match(visibleText(html), /plan_budowy\.pdf - Plan/);
    assert.match(visibleText(html), /Plan budowy/);

    // A staged file that no longer matches its digest: refused, no filing, no half-written file left.
    const changed = { ...spec, attachments: [{ stagedId: '5d0c7d1e-3b2a-4c8e-9f00-1a2b3c4d5e6f' }] };
    await assert.rejects(filings.create(changed), (e: { code?: string; details?: { reason?: string } }) => e.code === 'ATTACHMENT_UNREADABLE' && e.details?.reason === 'changed');
    assert.equal(repo.list().length, 1);
    assert.deepEqual(readdirSync(join(dataDir, 'files')).filter((n) => n.endsWith('.tmp')), []);
  } finally {
    db.close();
  }
});

test('over IPC: a file staged in chunks goes into the letter; the preview says unsigned, then shows the signing time', async (t) => {
  const ctx = await startTestServices();
  t.after(() => ctx.close());
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = (await ctx.services.router(channel, input)) as Result<T>;
    if (!r.ok) assert.fail(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000), Buffer.from('\n%%EOF\n')]);
  const { stagedId } = await call<{ stagedId: string }>('attachments.stageBegin', { fileName: 'Skan wniosku.PDF', size: pdf.length });
  await call('attachments.stageChunk', { stagedId, offset: 0, dataBase64: pdf.toString('base64') });
  await call('attachments.stageCommit', { stagedId });
  const created = await call<FilingDetail>('filings.create', {
    template: '4566',
    sender: { person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' }, address: { postalCode: '43-400', city: 'Cieszyn', building: '1' } },
    addressee: { name: 'KRUS', inbox: '/KRUS/SkrytkaESP' }, place: 'Cieszyn', date: '2026-11-23', title: 'Podgląd', content: ['Treść.'],
    attachments: [{ stagedId, description: 'Skan' }],
  });
  const draft = parseXml(Buffer.from(ctx.services.blobs.get(ctx.services.repo.get(created.id).draft_sha256)).toString('utf8'));
  const att = elementsNS(draft, NS.str, 'Zalacznik')[0]!;
  assert.equal(att.getAttribute('format'), 'application/pdf');
  assert.ok(Buffer.from(elementsNS(att, NS.str, 'DaneZalacznika')[0]!.textContent!, 'base64').equals(pdf), 'the staged bytes, base64 in the letter');
  const draftText = visibleText((await call<{ html: string }>('filings.preview', { id: created.id })).html);
  assert.match(draftText, new RegExp(`${att.getAttribute('nazwaPliku')!.replace('.', '\\.')} - Skan`), 'listed under its safe name');
  assert.match(draftText, /Dokument nie zawiera podpisu/);
  await call('filings.sign', { id: created.id, certificateId: ctx.env.tokens.certificateIds.qualifiedRsa, pin: ctx.env.tokens.qes.pin });
  const signed = visibleText((await call<{ html: string }>('filings.preview', { id: created.id })).html);
  assert.match(signed, /Dokument został podpisany/);
  assert.match(signed, /Data złożenia podpisu: \d{4}-\d{2}-\d{2}T/);
});
