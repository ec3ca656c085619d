/**
 * The seed-000 procedure ("Using a Backup to Create an Image"), walked through the public API and
 * printed as a transcript: what was done, at what simulated time, and what the console shows.
 */
import { createSimulation, SimulationError, type SimRecord, type Simulation } from '../index.js';
import { formatDuration } from '../sim/duration.js';

export interface Printer {
  line(text: string): void;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

export function plainPrinter(write: (text: string) => void, colour: boolean): Printer {
  const wrap = (code: string) => (text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { line: (text) => write(`${text}\n`), bold: wrap('1'), dim: wrap('2'), red: wrap('31'), green: wrap('32') };
}

function describe(record: SimRecord): string {
  const extra: string[] = [];
  if (record.kind === 'backup' || record.kind === 'image' || record.kind === 'disk') extra.push(`${record.sizeGB} GB`);
  if (record.kind === 'backup') {
    if (record.imageable && record.status === 'protecting') extra.push('"Image can be created"');
    if (record.imageId) extra.push(`image ${record.imageId}`);
  }
  if (record.kind === 'image' && record.azRestricted) extra.push(`available only in ${record.az}`);
  return `${record.kind} ${record.id} ${record.label} (${record.status})${extra.length ? `, ${extra.join(', ')}` : ''}`;
}

export function runDemo(p: Printer): void {
  const sim: Simulation = createSimulation({ seed: 1 });
  const t0 = sim.now();
  const stamp = () => p.dim(`[${new Date(sim.now()).toISOString().slice(0, 16).replace('T', ' ')} +${formatDuration(sim.now() - t0)}]`);
  const step = (title: string, action: () => SimRecord | SimRecord[] | void) => {
    try {
      const result = action();
      const records = result === undefined ? [] : Array.isArray(result) ? result : [result];
      p.line(`${stamp()} ${p.bold(title)}`);
      for (const r of records.slice(0, 5)) p.line(`    ${p.green('→')} ${describe(r)}`);
      if (records.length > 5) p.line(`    ${p.green('→')} … and ${records.length - 5} more`);
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      p.line(`${stamp()} ${p.bold(title)}`);
      p.line(`    ${p.red(`✗ refused ${error.code}`)}: ${error.message}`);
    }
  };
  const wait = (why: string, until: () => boolean) => {
    const from = sim.now();
    while (!until()) {
      const next = sim.nextTimer();
      if (next === null) break;
      sim.advance(next - sim.now());
    }
    p.line(`${stamp()} ${p.dim(`… ${formatDuration(sim.now() - from)} later: ${why}`)}`);
  };

  p.line(p.bold('cbr-sim demo: Using a Backup to Create an Image (seed 000)'));
  p.line(p.dim('Every step calls the public API; refusals carry the real service codes.'));
  p.line('');
  const web = sim.createServer({ name: 'web-01', os: 'linux', systemDiskGB: 40, dataDisksGB: [100], initTool: true, optimized: true });
  p.line(`${stamp()} ${p.bold('Prerequisite: an optimized Linux ECS with Cloud-Init')}`);
  p.line(`    ${p.green('→')} ${describe(web)}`);
  wait('the server is Running', () => sim.get(web.id).status === 'ACTIVE');

  let backupId = '';
  step('1. Back up the ECS (CBR Console > Backups)', () => {
    const b = sim.backupServer(web.id, { name: 'web-01-backup' });
    backupId = b.id;
    return b;
  });
  step('2. More > Create Image, while the backup is still in its snapshot phase (I1)', () => sim.createImageFromBackup(backupId, { name: 'web-01-image' }));
  wait('the backup is marked "Image can be created" (B2)', () => sim.get(backupId).kind === 'backup' && (sim.get(backupId) as { imageable: boolean }).imageable);
  step('   Restore from it now? (B3)', () => sim.restoreBackup(backupId));
  let imageId = '';
  step('3. More > Create Image: a full-ECS image from the Creating backup (I1, C2)', () => {
    const image = sim.createImageFromBackup(backupId, { name: 'web-01-image' });
    imageId = image.id;
    return [image, sim.get(backupId)];
  });
  step('   A second image from the same backup (I5)', () => sim.createImageFromBackup(backupId, { name: 'again' }));
  wait('the image is Normal (active)', () => sim.get(imageId).status === 'active');
  step('4. Provision 3 ECSs in one batch from the image (I6)', () => sim.provisionServers(imageId, { count: 3, namePrefix: 'web' }));
  step('   …in another AZ while the backup is still Creating (I10)', () => sim.provisionServers(imageId, { count: 1, az: 'eu-de-02' }));
  step('   Delete the backup while it is Creating (B5)', () => sim.deleteBackup(backupId));
  wait('the backup is Available (B4)', () => sim.get(backupId).status === 'available');
  step('   The image is smaller than the backup (I9)', () => [sim.get(backupId), sim.get(imageId)]);
  step('5. Delete the backup that has an image (I7)', () => sim.deleteBackup(backupId));
  step('6. Delete the image first…', () => sim.deleteImage(imageId));
  step('   …then the backup (B5)', () => {
    sim.deleteBackup(backupId);
    return sim.get(backupId);
  });
  wait('the backup is gone', () => sim.get(backupId).status === 'deleted');
  step('   What is left', () => [sim.get(backupId), ...sim.list('server')]);
  p.line('');
  p.line(p.dim(`${sim.journal().length} journal records; the servers made from the image are still there (C4).`));
}
