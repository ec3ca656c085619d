/**
 * A scenario whose every text and name is full of what RST and Markdown read as markup: inline
 * markup, substitutions, references, directives, list markers, HTML, table pipes, backslashes,
 * and characters two columns wide or none.
 * Its page must build without a warning and read exactly as written.
 */
import { defineScenario } from '../../src/scenario/types.js';

/** Texts that break a page when written into it unescaped. */
export const NASTY = {
  // Wide and combining characters too: a grid table's columns are counted as docutils counts them.
  server: 'web_*01*|x| e\u0301',
  backup: 'bk_ 备份',
  image: '`img`_ <b>&amp; 🙂',
  disk: '.. note:: d|1|',
  policy: '#1) [p](x) ~~no~~',
  title: 'A *title* with |subst| and `code`_ and __init__ <br>',
  narrative: '.. danger:: not a directive; |x| is no substitution, *emphasis* is none, a_b_ no reference, [link](x) no link, <i>no HTML</i>, a | b | c no table, 1. no list, back\\slash, and C12 and (I5) link.',
  say: '- not a bullet *still* `not code` :ref:`x` [1]_ word_ end::',
} as const;

export default defineScenario({
  id: 'docs-special-characters',
  title: NASTY.title,
  narrative: NASTY.narrative,
  rules: ['I5', 'C12'],
  setup: {
    servers: [{ as: 'web', name: NASTY.server, dataDisksGB: [10] }],
    disks: [{ as: 'data', name: NASTY.disk, sizeGB: 5 }],
    vaults: [{ as: 'vault', name: 'v*|_', kind: 'server', resources: ['web'] }],
    policies: [{ as: 'policy', name: NASTY.policy, pattern: ['FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=0'], maxBackups: 2, apply: ['vault'] }],
  },
  steps: [
    { say: NASTY.say },
    { do: 'backupServer', server: 'web', name: NASTY.backup, as: 'backup' },
    { advance: { until: { backup: { status: 'available' } } } },
    { do: 'createImageFromBackup', backup: 'backup', name: NASTY.image, as: 'image' },
    { say: NASTY.narrative },
    { refuse: 'BackupService.6204', do: 'deleteBackup', backup: 'backup' },
    { advance: '2d' },
    { expect: { image: { linkedTo: 'backup' } } },
  ],
});
