/**
 * Builds the "Pismo ogólne do podmiotu publicznego" (CRD wzór 1410 or 4566) with element names
 * and order as the official stylesheets read them (DOMAIN-inboxes §5.2).
 *
 * The document is streamed: everything but the attachment contents is a small DOM serialised by
 * the XML library, with a random marker where each content goes; the marked text is then written
 * piece by piece with each attachment's base64 in between, so hundreds of MB of attachments never
 * sit in memory.
 */
import { randomUUID } from 'node:crypto';
import { DOMImplementation } from '@xmldom/xmldom';
import { OTHER_KIND, type ComposeSpec } from '../../common/compose-schema';
import type { ByteSink } from '../storage/atomic-write';
import { serializeXml } from '../xml/dom';
import { writeFileBase64, type FileRef } from './base64-stream';

export const TEMPLATE_NS = {
  '1410': 'http://crd.gov.pl/wzor/2013/12/12/1410/',
  '4566': 'http://crd.gov.pl/wzor/2017/10/24/4566/',
} as const;

export const NS = {
  meta: 'http://crd.gov.pl/xml/schematy/meta/2009/11/16/',
  str: 'http://crd.gov.pl/xml/schematy/struktura/2009/11/16/',
  adr: 'http://crd.gov.pl/xml/schematy/adres/2009/11/09/',
  oso: 'http://crd.gov.pl/xml/schematy/osoba/2009/11/16/',
  inst: 'http://crd.gov.pl/xml/schematy/instytucja/2009/11/16/',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export interface PismoAttachment {
  fileName: string;
  mediaType: string;
  description?: string | undefined;
  /** Small bytes held in memory (chosen in the form), or a file read in pieces. */
  source: { bytes: Uint8Array } | FileRef;
}

export interface PismoInput extends Omit<ComposeSpec, 'attachments'> {
  attachments: PismoAttachment[];
}

type Child = Element | string | null | undefined | false;
type Person = NonNullable<ComposeSpec['sender']['person']>;
type Institution = NonNullable<ComposeSpec['sender']['institution']>;

const base64Of = (b: Uint8Array) => Buffer.from(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'), 'latin1');

/** Writes the UTF-8 XML (no BOM, the stylesheet PI before the root) into the sink. */
export async function writePismo(input: PismoInput, createdAt: Date, sink: ByteSink): Promise<void> {
  const marker = `zalacznik-${randomUUID()}`;
  const parts = pismoText(input, createdAt, marker).split(marker);
  await sink.write(Buffer.from(parts[0]!, 'utf8'));
  for (const [n, att] of input.attachments.entries()) {
    if ('bytes' in att.source) await sink.write(base64Of(att.source.bytes));
    else await writeFileBase64(att.source, att.fileName, sink);
    await sink.write(Buffer.from(parts[n + 1]!, 'utf8'));
  }
}

/** The whole document with `marker` where each attachment's base64 goes. */
function pismoText(input: PismoInput, createdAt: Date, marker: string): string {
  const wnioNs = TEMPLATE_NS[input.template];
  const doc = new DOMImplementation().createDocument(wnioNs, 'wnio:Dokument', null) as unknown as Document;
  const el = (ns: string, name: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): Element => {
    const e = doc.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
    }
    return e;
  };
  const w = (name: string, attrs: Record<string, string | undefined> = {}, ...c: Child[]) => el(wnioNs, `wnio:${name}`, attrs, ...c);
  const m = (name: string, ...c: Child[]) => el(NS.meta, `meta:${name}`, {}, ...c);
  const s = (name: string, attrs: Record<string, string> = {}, ...c: Child[]) => el(NS.str, `str:${name}`, attrs, ...c);
  const a = (name: string, value: string | undefined) => (value ? el(NS.adr, `adr:${name}`, {}, value) : null);
  const o = (name: string, value: string | undefined) => (value ? el(NS.oso, `oso:${name}`, {}, value) : null);
  const i = (name: string, ...c: Child[]) => el(NS.inst, `inst:${name}`, {}, ...c);
  const iv = (name: string, value: string | undefined) => (value ? i(name, value) : null);
  const dateCreated = (value: string) => el(NS.meta, 'meta:Data', { typDaty: 'stworzony' }, m('Czas', value));
  const list = (outer: string, inner: string, items: readonly string[] | undefined) =>
    items?.length ? w(outer, {}, ...items.map((x) => w(inner, {}, x))) : null;

  const { sender } = input;
  const ad = sender.address;
  const address = el(NS.adr, 'adr:Adres', {},
    a('KodPocztowy', ad.postalCode), a('Poczta', ad.city), a('Miejscowosc', ad.city), a('Ulica', ad.street), a('Budynek', ad.building),
    a('Lokal', ad.flat), a('Wojewodztwo', ad.voivodeship), a('Powiat', ad.county), a('Gmina', ad.commune));
  const contact = sender.email || sender.phone ? el(NS.adr, 'adr:Kontakt', {}, a('Telefon', sender.phone), a('Email', sender.email)) : null;

  const personId = (p: Person) => {
    const id = p.pesel ? o('PESEL', p.pesel) : p.nip ? o('NIP', p.nip)
      : p.otherId ? el(NS.oso, 'oso:InnyIdentyfikator', {}, o('TypIdentyfikatora', p.otherId.type), o('WartoscIdentyfikatora', p.otherId.value))
      : null;
    return id ? el(NS.oso, 'oso:IdOsoby', {}, id) : null;
  };
  const person = (p: Person) => el(NS.oso, 'oso:Osoba', {},
    o('Imie', p.firstName), o('ImieDrugie', p.secondName), o('Nazwisko', p.lastName), personId(p), address, contact);
  const institutionIds = (x: Institution) => {
    const ids = [iv('KRS', x.krs), iv('NIP', x.nip), iv('REGON', x.regon)];
    return ids.some(Boolean) ? i('IdInstytucji', ...ids) : null;
  };
  const senderEntity = sender.person
    ? person(sender.person)
    : i('Instytucja', i('NazwaInstytucji', sender.institution!.name), address, institutionIds(sender.institution!), contact);
  const addressees = [input.addressee, ...(input.additionalAddressees ?? [])]
    .map((x) => m('Podmiot', i('Instytucja', i('NazwaInstytucji', x.name))));

  const sig = input.signatory;
  const root = doc.documentElement!;
  for (const [prefix, uri] of Object.entries(NS)) root.setAttribute(`xmlns:${prefix}`, uri);
  root.appendChild(w('OpisDokumentu', {}, dateCreated(createdAt.toISOString().slice(0, 10))));
  root.appendChild(w('DaneDokumentu', {},
    s('Naglowek', {}, s('NazwaDokumentu', {}, 'Pismo ogólne do podmiotu publicznego'),
      input.caseReference ? el(NS.meta, 'meta:Identyfikator', { typIdentyfikatora: 'znak sprawy' }, m('Wartosc', input.caseReference)) : null),
    dateCreated(input.date),
    s('Adresaci', {}, ...addressees),
    s('Nadawcy', {}, m('Podmiot', senderEntity))));
  root.appendChild(w('TrescDokumentu', { format: 'text/xml', kodowanie: 'XML' },
    w('MiejscowoscDokumentu', {}, input.place),
    w('Tytul', {}, input.title),
    w('RodzajWnioskuRozszerzony', { rodzaj: input.kind, jakiInny: input.kind === OTHER_KIND ? input.kindOther : undefined }),
    w('Informacje', {}, ...input.content.filter((p) => p.trim() !== '').map((p) => w('Informacja', {}, p))),
    list('Oswiadczenia', 'Oswiadczenie', input.statements),
    list('InformacjeDodatkowe', 'Informacja', input.additionalInfo),
    // ZUpowaznienia only when true: the XSL prints "Z upoważnienia <value>" for any non-empty value.
    sig ? w('Podpis', {}, sig.onAuthorisationOf ? w('ZUpowaznienia', {}, sig.onAuthorisationOf) : null,
      o('Imie', sig.firstName), o('ImieDrugie', sig.secondName), o('Nazwisko', sig.lastName), sig.position ? w('Stanowisko', {}, sig.position) : null) : null,
    input.attachments.length > 0
      ? s('Zalaczniki', {}, ...input.attachments.map((att) =>
          s('Zalacznik', { format: att.mediaType, kodowanie: 'base64', nazwaPliku: att.fileName },
            att.description ? s('OpisZalacznika', {}, att.description) : null,
            s('DaneZalacznika', {}, marker))))
      : null));

  const pi = `<?xml-stylesheet type="text/xsl" href="${wnioNs}styl.xsl"?>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${pi}\n${serializeXml(root)}`;
}
