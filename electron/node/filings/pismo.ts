/**
 * Builds the "Pismo ogólne do podmiotu publicznego" (CRD wzór 1410 or 4566) with element names
 * and order as the official stylesheets read them (DOMAIN-inboxes §5.2).
 */
import { DOMImplementation } from '@xmldom/xmldom';
import type { ComposeSpec } from '../../common/contract';
import { serializeXml } from '../xml/dom';

export const TEMPLATE_NS = {
  '1410': 'http://crd.gov.pl/wzor/2013/12/12/1410/',
  '4566': 'http://crd.gov.pl/wzor/2017/10/24/4566/',
} as const;

const NS = {
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
  content: Uint8Array;
}

export interface PismoInput extends Omit<ComposeSpec, 'attachments'> {
  attachments: PismoAttachment[];
}

type Child = Element | string | null | undefined | false;

/** Returns the UTF-8 XML text (no BOM), with the stylesheet PI before the root. */
export function buildPismo(input: PismoInput, createdAt: Date): string {
  const wnioNs = TEMPLATE_NS[input.template];
  const doc = new DOMImplementation().createDocument(wnioNs, 'wnio:Dokument', null) as unknown as Document;
  const el = (ns: string, name: string, attrs: Record<string, string> = {}, ...children: Child[]): Element => {
    const e = doc.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
    }
    return e;
  };
  const w = (name: string, attrs: Record<string, string> = {}, ...c: Child[]) => el(wnioNs, `wnio:${name}`, attrs, ...c);
  const m = (name: string, ...c: Child[]) => el(NS.meta, `meta:${name}`, {}, ...c);
  const s = (name: string, attrs: Record<string, string> = {}, ...c: Child[]) => el(NS.str, `str:${name}`, attrs, ...c);
  const a = (name: string, value: string | undefined) => (value ? el(NS.adr, `adr:${name}`, {}, value) : null);
  const o = (name: string, ...c: Child[]) => el(NS.oso, `oso:${name}`, {}, ...c);
  const i = (name: string, ...c: Child[]) => el(NS.inst, `inst:${name}`, {}, ...c);
  const dateCreated = (value: string) => el(NS.meta, 'meta:Data', { typDaty: 'stworzony' }, m('Czas', value));

  const { sender, addressee } = input;
  const address = el(NS.adr, 'adr:Adres', {},
    a('KodPocztowy', sender.address.postalCode), a('Poczta', sender.address.city), a('Miejscowosc', sender.address.city),
    a('Ulica', sender.address.street), a('Budynek', sender.address.building), a('Lokal', sender.address.flat));
  const contact = sender.email || sender.phone ? el(NS.adr, 'adr:Kontakt', {}, a('Telefon', sender.phone), a('Email', sender.email)) : null;
  const senderEntity = sender.person
    ? o('Osoba', o('Imie', sender.person.firstName), o('Nazwisko', sender.person.lastName),
        sender.person.pesel || sender.person.nip
          ? o('IdOsoby', sender.person.pesel ? o('PESEL', sender.person.pesel) : o('NIP', sender.person.nip!))
          : null,
        address, contact)
    : i('Instytucja', i('NazwaInstytucji', sender.institution!.name), address,
        sender.institution!.nip ? i('IdInstytucji', i('NIP', sender.institution!.nip)) : null, contact);

  const root = doc.documentElement!;
  for (const [prefix, uri] of Object.entries(NS)) root.setAttribute(`xmlns:${prefix}`, uri);
  root.appendChild(w('OpisDokumentu', {}, dateCreated(createdAt.toISOString().slice(0, 10))));
  root.appendChild(w('DaneDokumentu', {},
    s('Naglowek', {}, s('NazwaDokumentu', {}, 'Pismo ogólne do podmiotu publicznego'),
      input.caseReference ? el(NS.meta, 'meta:Identyfikator', { typIdentyfikatora: 'znak sprawy' }, m('Wartosc', input.caseReference)) : null),
    dateCreated(input.date),
    s('Adresaci', {}, m('Podmiot', i('Instytucja', i('NazwaInstytucji', addressee.name)))),
    s('Nadawcy', {}, m('Podmiot', senderEntity))));
  const kindAttrs: Record<string, string> = { rodzaj: input.kind };
  root.appendChild(w('TrescDokumentu', { format: 'text/xml', kodowanie: 'XML' },
    w('MiejscowoscDokumentu', {}, input.place),
    w('Tytul', {}, input.title),
    w('RodzajWnioskuRozszerzony', kindAttrs),
    w('Informacje', {}, ...input.content.filter((p) => p.trim() !== '').map((p) => w('Informacja', {}, p))),
    input.attachments.length > 0
      ? s('Zalaczniki', {}, ...input.attachments.map((att) =>
          s('Zalacznik', { format: att.mediaType, kodowanie: 'base64', nazwaPliku: att.fileName },
            att.description ? s('OpisZalacznika', {}, att.description) : null,
            s('DaneZalacznika', {}, Buffer.from(att.content).toString('base64')))))
      : null));

  const pi = `<?xml-stylesheet type="text/xsl" href="${wnioNs}styl.xsl"?>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${pi}\n${serializeXml(root)}`;
}
