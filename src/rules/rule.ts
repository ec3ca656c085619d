/**
 * The shape of one rule of the catalogue. Rule IDs are the project's shared vocabulary: charts
 * name them in `meta.rules` and in their refusals, scenarios list them, transcripts, the inspector
 * and the docs pages print them. This is where each ID is defined, inside the package, so a clone
 * or an installed copy can say what "I7" means.
 *
 * Text fields use one piece of markup, backtick code spans (`BackupService.6204`, `imageLink`),
 * which every renderer (terminal, Markdown, reStructuredText, the inspector) knows how to show.
 */

/** The families, by the letter their IDs start with. */
export type RuleFamily = 'B' | 'I' | 'C' | 'P' | 'R' | 'S' | 'V';

export interface Rule {
  /** `B1`, `I12`…: a family letter and a number, stable for good. */
  readonly id: string;
  readonly family: RuleFamily;
  /** A few words, Title Case. */
  readonly title: string;
  /** What the rule says, in one to three sentences. */
  readonly statement: string;
  /** The error codes the simulator answers with when this rule refuses a command (real service
   * codes and `Sim.*` ones); for a rule not modelled yet, the real service's codes. */
  readonly codes: readonly string[];
  /** Where the charts encode it (the README's rule table); empty when it is not modelled. */
  readonly where: string;
  /** The tests and scenarios that show it holds (the README's rule table); empty when not modelled. */
  readonly tests: string;
  /** Whether the simulator reproduces it (every rule of the catalogue does since issue 13). */
  readonly modelled: boolean;
  /** Marked ∀: asserted in every reachable state of the real charts by `cbr-sim check`. */
  readonly invariant: boolean;
}

/** A rule as a family file writes it: the family comes from the ID, `invariant` defaults to false. */
export type RuleSpec = Omit<Rule, 'family' | 'invariant'> & { invariant?: boolean };

export function defineRule(spec: RuleSpec): Rule {
  const { id, title, statement, codes, where, tests, modelled, invariant = false } = spec;
  // Spelled out so that every rule's JSON has its fields in this order, the family after the ID.
  return Object.freeze({ id, family: id[0] as RuleFamily, title, statement, codes: Object.freeze([...codes]), where, tests, modelled, invariant });
}
