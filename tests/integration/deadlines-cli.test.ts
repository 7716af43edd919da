/**
 * `nadawca deadline` and `nadawca inbox` as separate processes (docs/CLI.md): the worked examples of
 * DOMAIN-deadlines §6 through the command line, JSON shape, the user's setting as the default mode,
 * exit codes; the inbox lists a letter recorded in the data folder with its days left, and refuses to
 * collect without confirmation or without a channel that can collect.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openAppDatabase } from '../../electron/node/db/database';
import { createDeadlinesService } from '../../electron/node/deadlines/deadlines-service';
import { silentLogger } from '../../electron/node/logger';
import { REPO_ROOT } from '../harness/services';

const data = mkdtempSync(join(tmpdir(), 'nadawca-deadline-cli-'));
after(() => rmSync(data, { recursive: true, force: true }));

const nadawca = (args: string[], lang = 'pl') =>
  spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args, '--data', data, '--lang', lang], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'America/Los_Angeles' }, timeout: 120_000,
  });

/** The same, asynchronously: the pure `deadline` runs are started together (each is a Node start-up). */
const nadawcaAsync = (args: string[], lang = 'pl') => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
  execFile(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/cli/main.ts'), ...args, '--data', data, '--lang', lang], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'America/Los_Angeles' }, timeout: 120_000,
  }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 4) : 0, stdout, stderr }));
});

describe('nadawca deadline', () => {
  const runs = new Map<string, Promise<{ status: number; stdout: string; stderr: string }>>();
  const run = (args: string[], lang = 'pl') => {
    const key = `${lang} ${args.join(' ')}`;
    if (!runs.has(key)) runs.set(key, nadawcaAsync(args, lang));
    return runs.get(key)!;
  };

  const cases: [string[], { date: string; start: string; rolls: string[] }][] = [
    [['--event', '2026-01-13T23:30:00Z', '--rule', 'deemed-edoreczenia'], { date: '2026-01-29', start: '2026-01-14', rolls: [] }],
    [['--event', '2025-12-10T12:00:00Z', '--rule', 'deemed-edoreczenia', '--mode', 'operatorR13'], { date: '2025-12-29', start: '2025-12-10', rolls: ['2025-12-24', '2025-12-25', '2025-12-26', '2025-12-27', '2025-12-28'] }],
    [['--event', '2025-06-05T07:00:00Z', '--rule', 'deemed-epuap', '--mode', 'rollDayAfter'], { date: '2025-06-21', start: '2025-06-05', rolls: ['2025-06-19'] }],
    [['--event', '2026-12-18T20:40:00Z', '--rule', 'term', '--days', '14'], { date: '2027-01-04', start: '2026-12-18', rolls: ['2027-01-01', '2027-01-02', '2027-01-03'] }],
  ];
  const TEXT = ['deadline', '--event', '2026-04-24T09:00:00Z', '--rule', 'term', '--days', '7'];
  const BAD: [string[], RegExp][] = [
    [['--event', '2026-01-13T23:30:00', '--rule', 'term', '--days', '3'], /--event/],
    [['--event', '2026-01-13', '--rule', 'term'], /--days/],
    [['--event', '2026-01-13', '--rule', 'deemed-epuap', '--mode', 'statute'], /--mode dayAfter\|day14\|rollDayAfter/],
  ];
  before(() => {
    for (const [args] of cases) void run(['deadline', ...args, '--json']);
    void run(TEXT);
    for (const [args] of BAD) void run(['deadline', ...args], 'en');
  });
  for (const [args, want] of cases) {
    it(`${args.join(' ')} → ${want.date}`, async () => {
      const r = await run(['deadline', ...args, '--json']);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { date: string; start: string; rolls: { from: string; to: string; reason: string }[] };
      assert.deepEqual(Object.keys(out), ['date', 'start', 'rolls']);
      assert.deepEqual({ date: out.date, start: out.start, rolls: out.rolls.map((x) => x.from) }, want);
      for (const roll of out.rolls) assert.deepEqual(Object.keys(roll), ['from', 'to', 'reason']);
    });
  }

  it('prints the date and each roll-forward with its reason', async () => {
    const r = await run(TEXT);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^2026-05-04 \(pon\.\)\n/);
    assert.match(r.stdout, /2026-05-01 → 2026-05-02: Święto Pracy \(1 Maja\)\n\s+2026-05-02 → 2026-05-03: sobota\n\s+2026-05-03 → 2026-05-04: Święto Konstytucji 3 Maja/);
  });

  it('bad input: exit 2 naming the option', async () => {
    for (const [args, field] of BAD) {
      const r = await run(['deadline', ...args], 'en');
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, field);
    }
  });
});

describe('nadawca inbox', { timeout: 300_000 }, () => {
  it('lists letters awaiting collection with days left; without a confirmation or a channel it does not collect', () => {
    // The user's setting of the disputed point becomes the default mode of `deadline`.
    const db = openAppDatabase(data);
    const service = createDeadlinesService({ db, clock: () => new Date(), lang: () => 'pl', logger: silentLogger });
    const arrival = new Date(Date.now() - 2 * 86_400_000).toISOString();
    // ePUAP: no channel collects incoming ePUAP letters yet (e-Doręczenia's would reach the built-in simulator).
    const item = service.recordDeliveryEvent({ messageId: 'm-1', channel: 'epuap', kind: 'dorecz.notice1', at: arrival, title: 'Decyzja', counterparty: 'Urząd Gminy' });
    service.saveSettings({ edoreczenia: { deemedMode: 'operatorR13' } });
    db.close();

    const mode = nadawca(['deadline', '--event', '2026-01-13T23:30:00Z', '--rule', 'deemed-edoreczenia', '--json']);
    assert.equal(JSON.parse(mode.stdout).date, '2026-01-28', 'operatorR13 from the settings');

    const list = nadawca(['inbox', '--json']);
    assert.equal(list.status, 0, list.stderr);
    const items = JSON.parse(list.stdout) as { id: string; state: string; daysLeft: number; lastCollectionDay: string }[];
    const mine = items.find((i) => i.id === item.id)!;
    assert.equal(mine.state, 'open');
    assert.ok(mine.daysLeft >= 11 && mine.daysLeft <= 13, String(mine.daysLeft));

    const human = nadawca(['inbox']);
    assert.match(human.stdout, /Urząd Gminy {2}Decyzja {2}— zostało dni: \d+ \(odbiór do \d\d\.\d\d\.\d{4}/);

    const noYes = nadawca(['inbox', 'collect', item.id]);
    assert.equal(noYes.status, 2);
    assert.match(noYes.stderr, /odebranie pisma „Decyzja” jest jego doręczeniem/);
    const noChannel = nadawca(['inbox', 'collect', item.id, '--yes']);
    assert.equal(noChannel.status, 3, noChannel.stderr);
    assert.match(noChannel.stderr, /Odbioru pism z kanału epuap nie można jeszcze wykonać/);
  });
});
