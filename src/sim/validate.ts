/**
 * Argument checks for the public verbs. Each failure is a `Sim.InvalidArgument` that names the
 * argument, what it got and what it takes; unknown option keys are errors, not ignored.
 */
import { invalidArgument } from './errors.js';
import { clip, shown } from './bound.js';

export type Options = Record<string, unknown>;

/** An options object whose keys are all in `allowed` (undefined means "no options"). */
export function options(verb: string, value: unknown, allowed: readonly string[], name = 'options'): Options {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument(`${verb}: ${name} must be an object with ${allowed.join(', ')}; got ${shown(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw invalidArgument(`${verb}: unknown option ${shown(key)}; ${name} takes ${allowed.join(', ')}`, { option: clip(key) });
    }
  }
  return value as Options;
}

export function text(verb: string, name: string, value: unknown, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 64) {
    throw invalidArgument(`${verb}: ${name} must be a non-empty string of at most 64 characters; got ${shown(value)}`);
  }
  return value;
}

export function integer(verb: string, name: string, value: unknown, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(`${verb}: ${name} must be a whole number from ${min} to ${max}; got ${shown(value)}`);
  }
  return value;
}

export function bool(verb: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgument(`${verb}: ${name} must be true or false; got ${shown(value)}`);
  return value;
}

export function oneOf<T extends string>(verb: string, name: string, value: unknown, allowed: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw invalidArgument(`${verb}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${shown(value)}`);
  }
  return value as T;
}

export function stringList(verb: string, name: string, value: unknown, fallback?: string[]): string[] {
  if (value === undefined && fallback !== undefined) return fallback;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    throw invalidArgument(`${verb}: ${name} must be an array of id strings; got ${shown(value)}`);
  }
  const unique = [...new Set(value as string[])];
  if (unique.length !== value.length) throw invalidArgument(`${verb}: ${name} lists an id twice`);
  return unique;
}

export function integerList(verb: string, name: string, value: unknown, min: number, max: number, maxLength: number): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > maxLength) {
    throw invalidArgument(`${verb}: ${name} must be an array of at most ${maxLength} sizes; got ${shown(value)}`);
  }
  return value.map((v, i) => integer(verb, `${name}[${i}]`, v, min, max));
}

export const DEFAULT_AZ = 'eu-de-01';
