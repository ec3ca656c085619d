/**
 * A refusal is a transition the chart takes on purpose: it names the real service's error code
 * and the rule that forbids the command, and changes nothing. Keeping refusals inside the charts
 * (instead of in the code that sends the events) is what lets a diagram, a transcript and a test
 * all show *why* a command was refused.
 *
 * The world asks a machine first, with XState's pure `transition()`, and throws the code it finds
 * in a `refuse` action; so a refused event never reaches a live actor.
 */

/** The error codes a chart can refuse with (the real CBR / IMS / ECS codes, plus `Sim.*` ones). */
export type RefusalCode =
  | 'BackupService.1006'
  | 'BackupService.2001'
  | 'BackupService.6001'
  | 'BackupService.2002'
  | 'BackupService.2005'
  | 'BackupService.2010'
  | 'BackupService.6100'
  | 'BackupService.6103'
  | 'BackupService.6114'
  | 'BackupService.6125'
  | 'BackupService.6136'
  | 'BackupService.6201'
  | 'BackupService.6204'
  | 'BackupService.6207'
  | 'BackupService.6208'
  | 'BackupService.6209'
  | 'BackupService.6210'
  | 'BackupService.6215'
  | 'BackupService.6216'
  | 'BackupService.6702'
  | 'BackupService.7003'
  | 'BackupService.7101'
  | 'BackupService.7300'
  | 'BackupService.7302'
  | 'Ecs.0032'
  | 'Ecs.0034'
  | 'Ecs.0048'
  | 'IMG.0015'
  | 'IMG.0090'
  | 'IMG.0126'
  | 'IMG.0128'
  | 'IMG.0136'
  | 'Sim.PrerequisiteNotMet'
  | 'Sim.ImageAzRestricted'
  | 'Sim.InvalidArgument'
  | 'Sim.InvalidState'
  | 'Sim.RestoreTargetMissing'
  | 'Sim.RestoreOntoSystemDisk'
  | 'Sim.RestoreTargetFaulty'
  // C10: what eBackup, on premises, refuses, and what a VMware backup cannot do (V1, V4); no
  // documented code exists for these, and sharing a disk backup (only server backups are shared).
  | 'Sim.EbackupNotInstalled'
  | 'Sim.VsphereVersionUnsupported'
  | 'Sim.AlreadySynced'
  | 'Sim.VmwareBackupNotShareable'
  | 'Sim.VmwareBackupNoDisk'
  | 'Sim.BackupNotExportable'
  | 'Sim.ShareNotSupported';

export interface RefuseParams {
  code: RefusalCode;
  /** The rule ID of `rules.md` that forbids the command, when one does. */
  rule?: string;
}

/** The `refuse` action of a chart, with its code and rule as params (shown on the diagram). */
export function refuse(code: RefusalCode, rule?: string) {
  const params: RefuseParams = rule === undefined ? { code } : { code, rule };
  return { type: 'refuse' as const, params };
}

/** The implementation every machine registers for `refuse`: the world reads the params instead. */
export function refuseAction(_args: unknown, _params: RefuseParams): void {}

/**
 * The `allow` action: a transition that accepts a command without changing this resource's state
 * (the world then makes the new disk, image or server). XState's `can()` counts a transition only
 * when it has a target or an action, so an accepting transition carries this one.
 */
export const allow = { type: 'allow' as const };

export function allowAction(): void {}
