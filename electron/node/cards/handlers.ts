import type { cardChannels } from '../../common/contract-cards';
import type { Handlers } from '../router';
import type { CardsService } from './cards-service';

/** Handlers of the cards channels (contract-cards.ts). */
export function createCardHandlers(cards: CardsService): Pick<Handlers, keyof typeof cardChannels> {
  const files = () => cards.settings.files().map(({ der: _der, ...f }) => f);
  return {
    'cards.inventory': () => cards.inventory(),
    'cards.testSignature': ({ certificateId, pin }) => cards.testSignature(certificateId, pin),
    'cards.cancel': async () => {
      await cards.cardSigner.cancel();
      return {};
    },
    'cards.loginInfo': ({ certificateId }) => cards.signer.loginInfo(certificateId),
    'cards.modules.list': async () => cards.settings.modules(),
    'cards.modules.add': async ({ path }) => {
      cards.settings.addModule(path);
      return cards.settings.modules();
    },
    'cards.modules.remove': async ({ path }) => {
      cards.settings.removeModule(path);
      return cards.settings.modules();
    },
    'cards.files.list': async () => files(),
    'cards.files.add': async ({ path, label, password }) => {
      await cards.addFile(path, label, password);
      return files();
    },
    'cards.files.remove': async ({ path }) => {
      cards.settings.removeFile(path);
      return files();
    },
    'certificates.choose': ({ certificateId }) => cards.choose(certificateId),
    'certificates.chosen': () => cards.chosen(),
  };
}
