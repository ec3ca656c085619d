/**
 * C10: the vSphere versions eBackup backs up, by default [inference: the constraints page that
 * lists them is cut off in every stored copy (c10-vmware.md §6)]. The simulation's
 * `vsphereVersions` option replaces the list.
 */
export const DEFAULT_VSPHERE_VERSIONS: readonly string[] = ['6.0', '6.5', '6.7', '7.0', '8.0'];
