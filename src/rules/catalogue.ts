/**
 * The rule catalogue: every rule ID the project uses, with what it says, the codes that enforce
 * it, where the charts encode it and which tests show it. Until issue 10 it lived only beside the
 * repository (`../shared/domain/rules.md`); the statements here are the project's own wording of
 * it. `test/rules/catalogue.test.ts` keeps it equal to the README's rule table and checks that
 * every ID a chart, a refusal or a scenario cites is defined here.
 */
import type { Rule, RuleFamily } from './rule.js';
import { BACKUP_LIFECYCLE } from './backup-lifecycle.js';
import { IMAGES_FROM_BACKUPS } from './images-from-backups.js';
import { IMAGES_AND_BACKUPS_COMPARED } from './images-and-backups-compared.js';
import { POLICIES_AND_RETENTION } from './policies-and-retention.js';
import { RESTORE } from './restore.js';
import { SERVICE_OBJECTS } from './service-objects.js';
import { VMWARE } from './vmware.js';

export type { Rule, RuleFamily } from './rule.js';

export interface Family {
  readonly id: RuleFamily;
  /** Title Case, as a section heading. */
  readonly title: string;
  /** Where the family's rules come from. */
  readonly source: string;
  readonly rules: readonly Rule[];
}

/** The families in the catalogue's order (the order of rules.md and of the README's table). */
export const FAMILIES: readonly Family[] = [
  { id: 'B', title: 'Backup Lifecycle', source: 'seed 000, "Using a Backup to Create an Image"', rules: BACKUP_LIFECYCLE },
  { id: 'I', title: 'Creating an Image From a Backup', source: 'seed 000, "Using a Backup to Create an Image"', rules: IMAGES_FROM_BACKUPS },
  { id: 'C', title: 'Images and Backups Compared', source: 'seed 003, "What Are the Differences Between Images and Backups?"', rules: IMAGES_AND_BACKUPS_COMPARED },
  { id: 'P', title: 'Backup Policies and Retention', source: 'seeds 000 and 003, the CBR API reference on policies and retention', rules: POLICIES_AND_RETENTION },
  { id: 'R', title: 'Restore', source: 'the CBR API reference on restoring a backup', rules: RESTORE },
  { id: 'S', title: 'Service Objects Clients See', source: 'the CBR, IMS and ECS API references', rules: SERVICE_OBJECTS },
  { id: 'V', title: 'On-Premises VMware Backups', source: 'the CBR user guide on VMware backups', rules: VMWARE },
];

/** Every rule, family by family, each family in the order of its numbers. */
export const RULES: readonly Rule[] = Object.freeze(FAMILIES.flatMap((f) => f.rules));

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The rule with this ID (`i7` finds I7 too), or undefined. */
export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id.trim().toUpperCase());
}

/** Sorts rule IDs in catalogue order (B before I, I2 before I10); unknown IDs go last, by name. */
export function compareRuleIds(a: string, b: string): number {
  const rank = (id: string) => {
    const index = RULES.findIndex((r) => r.id === id);
    return index < 0 ? RULES.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The valid IDs as ranges, for messages: "B1–B5, I1–I12, C1–C12, P1–P10, R1–R4, S1–S3, V1–V4". */
export function ruleIdRanges(): string {
  return FAMILIES.map((f) => {
    const ids = f.rules.map((r) => r.id);
    return ids.length > 1 ? `${ids[0]}–${ids[ids.length - 1]}` : ids[0];
  }).join(', ');
}

/** A rule's text without its code-span backticks, for a tooltip or any plain-text place. */
export function plainText(text: string): string {
  return text.replace(/`([^`]*)`/g, '$1');
}
