/** WS-Skrytka `nadaj` request building and answer/fault reading (DOMAIN-inboxes §3.3, §3.7). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildFault, buildNadajRequest, buildNadajResponse, childElements, NS_OB, NS_SOAP11, readNadajReply, readNadajRequest, serializeEnvelope, type NadajRequest,
} from '../../electron/node/epuap/soap';
import { AppError } from '../../electron/common/errors';
import { elementsNS, parseXml } from '../../electron/node/xml/dom';

const REQUEST: NadajRequest = {
  subject: 'SENDER_ID',
  to: '/KRUS/SkrytkaESP',
  replyTo: '/SENDER_ID/SkrytkaESP',
  trial: false,
  extraData: new Uint8Array(),
  document: { fileName: 'pismo.xml', contentType: 'text/xml', content: new Uint8Array(Buffer.from('<?xml version="1.0"?><a>zażółć</a>', 'utf8')) },
};

test('nadaj request: the five ob:* headers, qualified, in OMB order; text as given', () => {
  const doc = buildNadajRequest(REQUEST);
  const header = elementsNS(doc, NS_SOAP11, 'Header')[0]!;
  const headers = childElements(header);
  assert.deepEqual(headers.map((e) => [e.namespaceURI, e.localName]), [
    [NS_OB, 'DaneDodatkowe'], [NS_OB, 'CzyProbne'], [NS_OB, 'AdresOdpowiedzi'], [NS_OB, 'AdresSkrytki'], [NS_OB, 'IdentyfikatorPodmiotu'],
  ]);
  assert.deepEqual(headers.map((e) => e.textContent), ['', '0', '/SENDER_ID/SkrytkaESP', '/KRUS/SkrytkaESP', 'SENDER_ID']);
  assert.equal(childElements(elementsNS(buildNadajRequest({ ...REQUEST, trial: true }), NS_SOAP11, 'Header')[0]!)[1]!.textContent, '1');
});

test('nadaj request: ob:Dokument is the only body element and its children are unqualified', () => {
  const doc = buildNadajRequest(REQUEST);
  const body = elementsNS(doc, NS_SOAP11, 'Body')[0]!;
  const [dokument, ...rest] = childElements(body);
  assert.equal(rest.length, 0);
  assert.equal(dokument!.namespaceURI, NS_OB);
  assert.equal(dokument!.localName, 'Dokument');
  const children = childElements(dokument!);
  assert.deepEqual(children.map((e) => [e.namespaceURI, e.localName]), [[null, 'nazwaPliku'], [null, 'typPliku'], [null, 'zawartosc']]);
  assert.deepEqual(Buffer.from(children[2]!.textContent!, 'base64'), Buffer.from(REQUEST.document.content));

  const text = serializeEnvelope(doc);
  assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  assert.match(text, /<nazwaPliku>pismo\.xml<\/nazwaPliku><typPliku>text\/xml<\/typPliku><zawartosc>/);
  assert.doesNotMatch(text, /:nazwaPliku|:zawartosc|xmlns="/);
});

test('nadaj request: read back what was built; extra data in base64; missing headers and bad booleans are named', () => {
  const extra = new Uint8Array(Buffer.from('<Dane/>'));
  const back = readNadajRequest(parseXml(serializeEnvelope(buildNadajRequest({ ...REQUEST, trial: true, extraData: extra }))));
  assert.deepEqual({ ...back, extraData: Buffer.from(back.extraData), document: { ...back.document, content: Buffer.from(back.document.content) } }, {
    ...REQUEST, trial: true, extraData: Buffer.from(extra), document: { ...REQUEST.document, content: Buffer.from(REQUEST.document.content) },
  });

  const noBox = buildNadajRequest(REQUEST);
  const box = elementsNS(noBox, NS_OB, 'AdresSkrytki')[0]!;
  box.parentNode!.removeChild(box);
  assert.throws(() => readNadajRequest(noBox), (e: unknown) => e instanceof AppError && e.code === 'INVALID_INPUT' && /AdresSkrytki is missing/.test(e.message));

  const badBool = parseXml(serializeEnvelope(buildNadajRequest(REQUEST)).replace('<obi:CzyProbne>0<', '<obi:CzyProbne>tak<'));
  assert.throws(() => readNadajRequest(badBool), /CzyProbne must be a boolean/);
});

// §3.7 shapes, with the prefixes a server may choose (OMB saw "p140").
const ANSWER = (inner: string) => '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
  + `<p140:OdpowiedzSkrytki xmlns:p140="http://wsdl.epuap.gov.pl/obiekty/">${inner}</p140:OdpowiedzSkrytki></soapenv:Body></soapenv:Envelope>`;

test('answer: status, ids and the UPP attachment are read by namespace, whatever the prefix', () => {
  const upp = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<pos:Dokument xmlns:pos="http://crd.gov.pl/xml/schematy/UPO/2008/05/09/"/>', 'utf8');
  const reply = readNadajReply(parseXml(ANSWER(
    '<status><kod>1</kod><komunikat>OK</komunikat></status><identyfikatorDokumentu>982825</identyfikatorDokumentu><identyfikatorUpp>557452</identyfikatorUpp>'
    + `<zalacznik><nazwaPliku>UPP.xml</nazwaPliku><typPliku>text/xml</typPliku><zawartosc>${upp.toString('base64').replace(/(.{20})/g, '$1\n')}</zawartosc></zalacznik>`,
  )));
  assert.equal(reply.kind, 'answer');
  if (reply.kind !== 'answer') return;
  assert.deepEqual(reply.answer.status, { kod: 1, komunikat: 'OK' });
  assert.equal(reply.answer.documentId, '982825');
  assert.equal(reply.answer.uppId, '557452');
  assert.equal(reply.answer.attachment?.fileName, 'UPP.xml');
  assert.deepEqual(Buffer.from(reply.answer.attachment!.content), upp, 'base64 over several lines decodes to the exact bytes');
});

test('answer: without UPP, and with status ≠ 1', () => {
  const reply = readNadajReply(parseXml(ANSWER('<status><kod>7</kod><komunikat>Odmowa</komunikat></status><identyfikatorDokumentu/>')));
  assert.ok(reply.kind === 'answer');
  assert.deepEqual(reply.answer, { status: { kod: 7, komunikat: 'Odmowa' }, documentId: '', uppId: null, recipientStatus: null, attachment: null });
});

test('answer: what the simulator writes reads back the same', () => {
  const built = buildNadajResponse({
    status: { kod: 1, komunikat: 'Dokument został przyjęty' }, documentId: '1001', uppId: '1002', recipientStatus: { kod: 1, komunikat: null },
    attachment: { fileName: 'UPP.xml', contentType: 'text/xml', content: new Uint8Array([60, 97, 47, 62]) },
  });
  const answer = elementsNS(built, NS_OB, 'OdpowiedzSkrytki')[0]!;
  assert.ok(childElements(answer).every((e) => e.namespaceURI === null), 'children of ob:OdpowiedzSkrytki are unqualified');
  const reply = readNadajReply(parseXml(serializeEnvelope(built)));
  assert.ok(reply.kind === 'answer');
  assert.equal(reply.answer.uppId, '1002');
  assert.deepEqual(reply.answer.recipientStatus, { kod: 1, komunikat: '' });
  assert.deepEqual([...reply.answer.attachment!.content], [60, 97, 47, 62]);
});

test('fault: ob:Wyjatek{kod, komunikat} from detail; a fault without detail keeps faultcode/faultstring', () => {
  const withDetail = readNadajReply(parseXml('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>'
    + '<faultcode>soapenv:Server</faultcode><faultstring>Błąd</faultstring><detail><ob:Wyjatek xmlns:ob="http://wsdl.epuap.gov.pl/obiekty/"><kod>13</kod><komunikat>Brak uprawnień</komunikat></ob:Wyjatek></detail>'
    + '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'));
  assert.deepEqual(withDetail, { kind: 'fault', fault: { faultCode: 'soapenv:Server', faultString: 'Błąd', wyjatek: { kod: 13, komunikat: 'Brak uprawnień' } } });

  const bare = readNadajReply(parseXml('<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault><faultcode>S:Client</faultcode><faultstring>Unmarshalling Error</faultstring></S:Fault></S:Body></S:Envelope>'));
  assert.deepEqual(bare, { kind: 'fault', fault: { faultCode: 'S:Client', faultString: 'Unmarshalling Error', wyjatek: null } });

  const roundTrip = readNadajReply(parseXml(serializeEnvelope(buildFault({ faultCode: 'soapenv:Client', faultString: 'x', wyjatek: { kod: 101, komunikat: 'schemat' } }))));
  assert.deepEqual(roundTrip, { kind: 'fault', fault: { faultCode: 'soapenv:Client', faultString: 'x', wyjatek: { kod: 101, komunikat: 'schemat' } } });
});

test('not an answer: other elements, SOAP 1.2, two body elements and broken base64 are errors', () => {
  assert.throws(() => readNadajReply(parseXml(ANSWER('').replace(/OdpowiedzSkrytki/g, 'OdpowiedzPullPobierz'))), /unexpected answer element/);
  assert.throws(() => readNadajReply(parseXml('<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>')), /not a SOAP 1\.1 envelope/);
  assert.throws(() => readNadajReply(parseXml('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><a/><b/></s:Body></s:Envelope>')), /exactly one element/);
  assert.throws(() => readNadajReply(parseXml(ANSWER('<status><kod>1</kod><komunikat/></status><identyfikatorDokumentu>1</identyfikatorDokumentu><zalacznik><nazwaPliku>UPP.xml</nazwaPliku><zawartosc>@@@</zawartosc></zalacznik>'))), /not valid base64/);
  assert.throws(() => readNadajReply(parseXml(ANSWER('<identyfikatorDokumentu>1</identyfikatorDokumentu>'))), /no status/);
});
