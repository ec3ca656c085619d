/**
 * Status and console label of a resource, read from the `meta` of its active states: a state that
 * stands for an API status carries `meta: { status, label }`, so the chart itself says which
 * status value and console word each state shows.
 */
import type { AnyStateMachine, AnyMachineSnapshot, StateValue } from 'xstate';

export interface StatusMeta {
  status: string;
  label: string;
}

function leafPaths(value: StateValue, prefix: string, out: string[]): void {
  if (typeof value === 'string') {
    out.push(prefix ? `${prefix}.${value}` : value);
    return;
  }
  for (const key of Object.keys(value)) {
    const child = value[key];
    if (child === undefined) continue;
    leafPaths(child, prefix ? `${prefix}.${key}` : key, out);
  }
}

/**
 * Returns a fast reader of `{ status, label }` for snapshots of `machine`, looking only at the
 * state under `region` (the lifecycle region of a parallel chart) or at the root when omitted.
 */
export function statusReader(machine: AnyStateMachine, region?: string): (snapshot: AnyMachineSnapshot) => StatusMeta {
  const cache = new Map<unknown, StatusMeta>();
  const resolve = (value: StateValue): StatusMeta => {
    const paths: string[] = [];
    leafPaths(value, '', paths);
    for (const path of paths) {
      let node = machine.getStateNodeById(`${machine.id}${region ? `.${region}` : ''}.${path}`);
      while (node) {
        const meta = node.meta as Partial<StatusMeta> | undefined;
        if (meta?.status !== undefined && meta.label !== undefined) return { status: meta.status, label: meta.label };
        node = node.parent as typeof node;
      }
    }
    throw new Error(`no status meta on ${JSON.stringify(value)} of ${machine.id}`);
  };
  return (snapshot) => {
    const value: StateValue = region ? (snapshot.value as Record<string, StateValue>)[region]! : snapshot.value;
    // State values are fresh objects per transition, so cache by their printed form.
    const key = typeof value === 'string' ? value : JSON.stringify(value);
    let found = cache.get(key);
    if (!found) {
      found = resolve(value);
      cache.set(key, found);
    }
    return found;
  };
}
