import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidKrs, isValidNip, isValidPesel, isValidPostalCode, isValidRegon } from '../../electron/common/identifiers';
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

test('REGON: 9 digits, or 14 whose first 9 are a valid REGON, check digits mod 11 (10 → 0)', () => {
  assert.equal(isValidRegon('123456785'), true);
  assert.equal(isValidRegon('000331501'), true, 'GUS');
  assert.equal(isValidRegon('123456786'), false, 'wrong check digit');
  assert.equal(isValidRegon('12345678512347'), true);
  assert.equal(isValidRegon('12345678512348'), false, 'wrong 14-digit check digit');
  assert.equal(isValidRegon('12345678612347'), false, 'the 9-digit part must be valid too');
  assert.equal(isValidRegon('1234567851'), false, '10 digits');
  assert.equal(isValidRegon('12345678a'), false, 'not digits');
  assert.equal(isValidRegon('000000030'), true, '7·3 = 21, remainder 10: the check digit is 0');
  assert.equal(isValidRegon('000000031'), false);
});

test('KRS: exactly 10 digits', () => {
  assert.equal(isValidKrs('0000012345'), true);
  assert.equal(isValidKrs('000001234'), false);
  assert.equal(isValidKrs('00000123456'), false);
  assert.equal(isValidKrs('000001234x'), false);
});
