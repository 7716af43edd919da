/** Pure parts of the card layer: load-failure classes, PIN state precedence, known module paths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MODULE_FAILURES } from '../../electron/common/contract-cards';
import { candidateModulePaths } from '../../native/known-modules';
import { classifyLoadFailure, decodeTokenFlags, pinStateOf } from '../../native/pkcs11';

test('every load failure text maps to the class the diagnostics show', () => {
  const cases: [string, (typeof MODULE_FAILURES)[number]][] = [
    ['file not found', 'file-missing'],
    ['32-bit library in a 64-bit process (wrong ELF class)', 'wrong-architecture'],
    ['32-bit DLL in a 64-bit process', 'wrong-architecture'],
    ['library built for arm64, this process is x64', 'wrong-architecture'],
    ['dlopen failed: libpcsclite.so.1: cannot open shared object file: No such file or directory', 'missing-dependency'],
    ['LoadLibrary failed: Win32 error 126', 'missing-dependency'],
    ['not an ELF shared library', 'not-a-module'],
    ['not a PKCS#11 module (no C_GetFunctionList)', 'not-a-module'],
    ['not a shared library (ELF executable)', 'not-a-module'],
    ['C_Initialize failed: CKR_DEVICE_ERROR', 'initialize-failed'],
    ['permission denied', 'other'],
  ];
  for (const [text, kind] of cases) assert.equal(classifyLoadFailure(text), kind, text);
});

test('PIN state: locked beats final try beats count low', () => {
  assert.equal(pinStateOf(decodeTokenFlags(0x4)), 'ok');
  assert.equal(pinStateOf(decodeTokenFlags(0x10000)), 'count-low');
  assert.equal(pinStateOf(decodeTokenFlags(0x30000)), 'final-try');
  assert.equal(pinStateOf(decodeTokenFlags(0x70000)), 'locked');
  assert.equal(decodeTokenFlags(0x100).protectedAuthPath, true);
});

test('known modules: Windows paths expand from the environment, Linux multiarch from the architecture', () => {
  const win = candidateModulePaths('win32', { SystemRoot: 'C:\\Windows', ProgramFiles: 'C:\\Program Files' }, 'x64');
  assert.ok(win.some((m) => m.vendor === 'Certum' && m.path === 'C:\\Windows\\System32\\cryptoCertum3PKCS.dll'));
  assert.ok(win.some((m) => m.vendor === 'Thales IDPrime' && m.path === 'C:\\Windows\\System32\\IDPrimePKCS11.dll'));
  assert.equal(candidateModulePaths('win32', {}, 'x64').length, 0, 'no variables, no guesses');
  const linux = candidateModulePaths('linux', {}, 'arm64');
  assert.ok(linux.some((m) => m.path === '/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so'));
});
