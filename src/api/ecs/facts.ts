/**
 * What a create request says of its servers that the library does not model (flavor, VPC, key
 * pair, description, metadata, tags) [decision]: kept per project session, in memory, so that
 * showServer answers what was asked for. A server made otherwise, or after a restart, shows
 * defaults. Bounded: the oldest entries go first.
 */
import type { Session } from '../../server/session.js';
import { DEFAULT_FLAVOR } from './flavors.js';

export interface ServerFacts {
  flavorId: string;
  vpcId: string;
  subnetId: string;
  keyName: string;
  description: string;
  metadata: Record<string, string>;
  /** `key=value` (ECS `tags` of a server). */
  tags: string[];
}

/** The VPC and subnet a server shows when no request said (ids in the real UUID form). */
export const DEFAULT_VPC = '0b3a5c1e-7d0f-4f6a-9a55-5c1d0e000001';
export const DEFAULT_SUBNET = '0b3a5c1e-7d0f-4f6a-9a55-5c1d0e000002';

export const DEFAULT_FACTS: ServerFacts = {
  flavorId: DEFAULT_FLAVOR.id, vpcId: DEFAULT_VPC, subnetId: DEFAULT_SUBNET, keyName: '', description: '', metadata: {}, tags: [],
};

const MAX_FACTS = 10_000;
const bySession = new WeakMap<Session, Map<string, ServerFacts>>();

function store(session: Session): Map<string, ServerFacts> {
  let map = bySession.get(session);
  if (!map) bySession.set(session, (map = new Map()));
  return map;
}

export function rememberFacts(session: Session, serverIds: readonly string[], facts: ServerFacts): void {
  const map = store(session);
  for (const id of serverIds) {
    map.delete(id);
    map.set(id, facts);
  }
  while (map.size > MAX_FACTS) map.delete(map.keys().next().value!);
}

export function factsOf(session: Session, serverId: string): ServerFacts {
  return bySession.get(session)?.get(serverId) ?? DEFAULT_FACTS;
}
