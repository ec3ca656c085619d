/**
 * What console diagrams of live resources can share between requests: the console model of each
 * machine (per the delay words' context) and the layouts of live views (per model, title, lanes
 * and refusals placed; see console-layout.ts). Laying a diagram out takes tens to hundreds of
 * milliseconds; lighting a kept layout and drawing it, about one. Both are kept least recently
 * used first out, so no run of odd requests grows the cache.
 */
import type { AnyStateMachine } from 'xstate';
import type { ResourceKind } from '../sim/records.js';
import type { ConsoleLayout } from './console-layout.js';
import type { ConsoleModel } from './console-model.js';
import type { DelayContext } from './console-words.js';

/** A map that forgets its least recently used entry beyond `limit`. */
class Recent<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly limit: number) {}

  get(key: string, make: () => V): V {
    let value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
    } else {
      value = make();
      while (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

export class ConsoleCache {
  private readonly models: Recent<ConsoleModel>;
  private readonly layouts: Recent<ConsoleLayout>;
  private readonly machineIds = new WeakMap<AnyStateMachine, number>();
  private readonly modelIds = new WeakMap<ConsoleModel, number>();
  private ids = 0;
  /** Layouts made (not found kept): what a test or a benchmark counts. */
  laidOut = 0;

  constructor(limits: { models?: number; layouts?: number } = {}) {
    this.models = new Recent(limits.models ?? 32);
    this.layouts = new Recent(limits.layouts ?? 64);
  }

  /** The model of `machine` for `kind` with delays worded for `delays`, made by `make` when not kept. */
  model(kind: ResourceKind, machine: AnyStateMachine, delays: DelayContext, make: () => ConsoleModel): ConsoleModel {
    let machineId = this.machineIds.get(machine);
    if (machineId === undefined) {
      machineId = ++this.ids;
      this.machineIds.set(machine, machineId);
    }
    return this.models.get(JSON.stringify([machineId, kind, delays.timings ?? null, delays.sizeGB ?? null, delays.imageFrom ?? null]), () => {
      const model = make();
      this.modelIds.set(model, ++this.ids);
      return model;
    });
  }

  /** The layout of `model` for `key` (what else it depends on), made by `make` when not kept. */
  layout(model: ConsoleModel, key: string, make: () => ConsoleLayout): ConsoleLayout {
    let modelId = this.modelIds.get(model);
    if (modelId === undefined) {
      modelId = ++this.ids;
      this.modelIds.set(model, modelId);
    }
    return this.layouts.get(`${modelId}\u0000${key}`, () => {
      this.laidOut++;
      return make();
    });
  }
}
