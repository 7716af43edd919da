import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidNip, isValidPesel, isValidPostalCode } from '../../electron/common/identifiers';
import { channelOfAddress, splitEpuapAddress } from '../../electron/common/addresses';

test('PESEL check digit', () => {
  assert.equal(isValidPesel('85022512342'), true);
  assert.equal(isValidPesel('44051401359'), true);
  assert.equal(isValidPesel('85022512341'), false, 'wrong check digit');
  assert.equal(isValidPesel('8502251234'), false, 'too short');
  assert.equal(isValidPesel('8502251234a'), false, 'not digits');
});

test('NIP check digit, 10 never valid', () => {
  assert.equal(isValidNip('5213621697'), true);
  assert.equal(isValidNip('5250007313'), true);
  assert.equal(isValidNip('5213621696'), false);
  assert.equal(isValidNip('123456789'), false);
});

test('postal code', () => {
  assert.equal(isValidPostalCode('43-400'), true);
  assert.equal(isValidPostalCode('43400'), false);
});

test('inbox addresses decide the channel', () => {
  assert.equal(channelOfAddress('/KRUS/SkrytkaESP'), 'epuap');
  assert.equal(channelOfAddress('AE:PL-12345-67890-ABCDE-12'), 'edoreczenia');
  assert.equal(channelOfAddress('AE:PL-12345-67890-abcde-12'), null, 'letters are upper case');
  assert.equal(channelOfAddress('KRUS/SkrytkaESP'), null, 'leading slash required');
  assert.equal(channelOfAddress('/KRUS/Skrytka/ESP'), null, 'exactly two segments');
  assert.equal(channelOfAddress('/KRUS /SkrytkaESP'), null, 'no whitespace');
  assert.deepEqual(splitEpuapAddress('/KRUS/SkrytkaESP'), { subject: 'KRUS', box: 'SkrytkaESP' });
});
