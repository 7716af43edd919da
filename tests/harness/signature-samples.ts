/** Sample inputs for signature tests: a real pismo (built by the app's streaming builder), a small signed XML. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeInputSchema } from '../../electron/common/compose-schema';
import { writePismo, type PismoAttachment } from '../../electron/node/filings/pismo';
import { createFileSigner } from '../../electron/node/signer/file-signer';
import { xmlSignerFor } from '../../electron/node/signer/xml-signer';
import { openAtomicWriter } from '../../electron/node/storage/atomic-write';
import { parseXml, serializeXml } from '../../electron/node/xml/dom';
import { signEnveloped } from '../../electron/node/xml/xades';
import { getTestEnvironment } from './test-env';

export async function samplePismo(file: string, attachments: PismoAttachment[] = []): Promise<string> {
  const { attachments: _none, ...spec } = composeInputSchema.parse({
    template: '1410',
    sender: { person: { firstName: 'Jan', lastName: 'Testowy', pesel: '85022512342' }, address: { postalCode: '43-400', city: 'Cieszyn', street: 'Rynek', building: '1' } },
    addressee: { name: 'Urząd Testowy', inbox: '/TEST/SkrytkaESP' },
    place: 'Cieszyn', date: '2026-11-23', title: 'Wniosek <testowy> & ważny', kind: 'wniosek', content: ['Treść pisma.'],
  });
  const out = await openAtomicWriter(path.dirname(file));
  await writePismo({ ...spec, attachments }, new Date('2026-11-23T08:00:00Z'), out);
  await out.commit(file);
  return file;
}


/** A small XML with `text`, XAdES-signed (enveloped) by the test PKI's non-qualified key file, written to `file`. */
export async function signedXmlSample(file: string, text: string, signatureId: string): Promise<string> {
  const { nonQualified } = (await getTestEnvironment()).pki.signers;
  const signer = createFileSigner({ keyPem: nonQualified.key, certPem: nonQualified.cert, label: 'test' });
  const xml = await xmlSignerFor(signer, (await signer.listCertificates())[0]!.id, '');
  const doc = parseXml(`<?xml version="1.0" encoding="UTF-8"?><pismo xmlns="urn:test:pismo"><tresc>${text}</tresc></pismo>`);
  await signEnveloped(doc, xml, { signingTime: new Date(), id: signatureId });
  writeFileSync(file, serializeXml(doc));
  return file;
}
