/** Sample inputs for signature tests: a real pismo (built by the app's streaming builder). */
import path from 'node:path';
import { composeInputSchema } from '../../electron/common/compose-schema';
import { writePismo, type PismoAttachment } from '../../electron/node/filings/pismo';
import { openAtomicWriter } from '../../electron/node/storage/atomic-write';

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

