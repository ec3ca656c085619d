/**
 * ECS flavors [decision]: the library has none (a server is its disks, OS and state), so the wire
 * keeps a small catalogue of real general-purpose flavor names. `flavorRef` must name one of them
 * (a script's real flavor works when it is one of these); a server shows the flavor it was created
 * with through the API, or DEFAULT_FLAVOR when it was made otherwise (the inspector, a scenario).
 */
export interface Flavor {
  id: string;
  vcpus: number;
  /** MB. */
  ramMB: number;
}

export const FLAVORS: readonly Flavor[] = [
  { id: 's6.small.1', vcpus: 1, ramMB: 1024 },
  { id: 's6.medium.2', vcpus: 1, ramMB: 2048 },
  { id: 's6.large.2', vcpus: 2, ramMB: 4096 },
  { id: 's6.xlarge.2', vcpus: 4, ramMB: 8192 },
  { id: 's6.2xlarge.2', vcpus: 8, ramMB: 16384 },
  { id: 'c6.large.2', vcpus: 2, ramMB: 4096 },
  { id: 'c6.xlarge.2', vcpus: 4, ramMB: 8192 },
  { id: 'm6.large.8', vcpus: 2, ramMB: 16384 },
];

export const DEFAULT_FLAVOR: Flavor = FLAVORS[2]!;

export function flavorOf(id: string): Flavor | undefined {
  return FLAVORS.find((f) => f.id === id);
}
