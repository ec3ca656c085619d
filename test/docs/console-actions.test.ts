/** Every verb of the API has its console phrase, and the phrases speak the console's language. */
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../src/scenario/verbs.js';
import { CONSOLE_ACTIONS, type ActionContext } from '../../src/docs/console-actions.js';
import { plain } from '../../src/docs/inline.js';

/** A context in which every parameter has a plausible value and names nothing: the phrase's own words show. */
function context(verb: string): ActionContext {
  const values: Record<string, unknown> = { name: 'web-01', os: 'linux', systemDiskGB: 40, dataDisksGB: [100], sizeGB: 10, kind: 'server', count: 3, pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 7, changes: { enabled: false }, operation: 'backup', capacityGB: 100, autoExpand: true, initTool: true, optimized: true };
  if (verb === 'createImageFromServer') values.kind = 'full-ecs';
  if (verb === 'importImage') values.kind = 'data-disk';
  return { param: (k) => values[k] ?? 'x', record: () => undefined, records: () => [], made: [], byId: () => undefined };
}

describe('the console phrase of each verb', () => {
  it('exists for every verb of the API, and for no verb the API does not have', () => {
    expect(Object.keys(CONSOLE_ACTIONS).sort()).toEqual(Object.keys(VERBS).sort());
  });

  it('names a console control in bold, or says that only the simulator does it', () => {
    for (const [verb, action] of Object.entries(CONSOLE_ACTIONS)) {
      const runs = action.phrase(context(verb));
      if (action.service === null) expect(plain(runs), verb).toMatch(/^cbr-sim .*the console has no such action\.$/);
      else expect(runs.some((r) => r.kind === 'strong'), verb).toBe(true);
    }
  });

  it('is a sentence without the API in it: no verb names, no parameter names', () => {
    const apiWords = new RegExp(`\\b(${Object.keys(VERBS).join('|')}|resourceIds|excludeDisks|namePrefix|deleteBackup)\\b`);
    for (const [verb, action] of Object.entries(CONSOLE_ACTIONS)) {
      const text = plain(action.phrase(context(verb)));
      expect(text, verb).toMatch(/^([A-Z]|cbr-sim ).*\.$/);
      expect(text, verb).not.toMatch(apiWords);
    }
  });

  it('reads as the source page does for creating an image from a backup', () => {
    const c: ActionContext = { ...context('createImageFromBackup'), record: () => ({ kind: 'backup', name: 'web-01-backup', resourceKind: 'server' }) as never };
    expect(plain(CONSOLE_ACTIONS.createImageFromBackup!.phrase(c))).toBe('Click the Backups tab. In the row of the backup web-01-backup, choose More > Create Image and create the full-ECS image web-01.');
  });
});
