/**
 * The e-Doręczenia box as a source of incoming letters for the deadline register: Stubs not yet
 * opened (a public sender's letter awaiting collection, D.1 = its eventDate), and opening one —
 * which is collection (u.d.e. art. 41 ust. 2) — through the mailbox of the e-Doręczenia channel.
 */
import type { Mailbox } from '../edoreczenia/mailbox';
import type { IncomingSource } from './deadlines-service';

export function edoreczeniaIncomingSource(mailbox: () => Mailbox): IncomingSource {
  return {
    channel: 'edoreczenia',
    list: async () => (await mailbox().list('INBOX'))
      .filter((m) => m.stub && !m.opened && m.eventDate)
      .map((m) => ({ messageId: m.messageId, title: m.subject, from: m.fromName ?? m.from, arrivedAt: m.eventDate!, publicSender: true })),
    collect: async (messageId) => ({ collectedAt: (await mailbox().open(messageId)).openedAt }),
  };
}
