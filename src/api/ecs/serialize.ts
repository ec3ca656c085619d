/**
 * ECS bodies (rest-api.md §4, §1.6): a server as `showServer` / `listServersDetails` answer it,
 * with every key of the API reference (keys the simulator has no meaning for get the values a
 * fresh pay-per-use server has), and its Nova twin for openstacksdk.
 */
import { createHash } from 'node:crypto';
import type { DiskRecord, JobRecord, ServerRecord } from '../../sim/records.js';
import type { Simulation } from '../../sim/simulation.js';
import { goldImage } from '../../sim/gold-images.js';
import { msOf, secondsTime } from '../wire-time.js';
import { DEFAULT_FLAVOR, flavorOf } from './flavors.js';
import type { ServerFacts } from './facts.js';

/** Nova's vm_state / power_state of each server status (rest-api.md §4). */
const VM_STATES: Record<string, { vm: string; power: number }> = {
  BUILD: { vm: 'building', power: 0 },
  ACTIVE: { vm: 'active', power: 1 },
  SHUTOFF: { vm: 'stopped', power: 4 },
  ERROR: { vm: 'error', power: 0 },
  DELETED: { vm: 'deleted', power: 0 },
};

/** A stable 32-hex id derived from a text (the project's user id, a host id). */
export function hexOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The server's private address: derived from its id, so it is the same in every answer. */
export function privateIp(serverId: string): string {
  const h = createHash('sha256').update(serverId).digest();
  return `192.168.${h[0]! % 254 + 1}.${h[1]! % 253 + 2}`;
}

function macOf(serverId: string): string {
  const h = createHash('sha256').update(`mac:${serverId}`).digest();
  return ['fa', '16', '3e', ...[0, 1, 2].map((i) => h[i]!.toString(16).padStart(2, '0'))].join(':');
}

/** When the server became Running: its sub-job's end, while the job is kept. */
function launchedAt(sim: Simulation, s: ServerRecord): string | null {
  if (!s.jobId) return null;
  try {
    const job = sim.get(s.jobId) as JobRecord;
    const sub = job.subJobs?.find((j) => j.serverId === s.id);
    return sub?.endAt && sub.status === 'SUCCESS' ? sub.endAt : null;
  } catch {
    return null;
  }
}

interface Volume { id: string; system: boolean; index: number }

function volumesOf(s: ServerRecord): Volume[] {
  return [{ id: s.systemDiskId, system: true, index: 0 }, ...s.dataDiskIds.map((id, i) => ({ id, system: false, index: i + 1 }))];
}

/** `/dev/vda` for the system disk, then `/dev/vdb`… in attachment order. */
export function deviceOf(index: number): string {
  return `/dev/vd${String.fromCharCode(97 + Math.min(index, 25))}`;
}

function imageName(id: string | null, sim: Simulation): string {
  if (!id) return '';
  const gold = goldImage(id);
  if (gold) return gold.name;
  try {
    return sim.get(id).name;
  } catch {
    return '';
  }
}

export interface ServerContext {
  sim: Simulation;
  projectId: string;
  facts: ServerFacts;
}

/** What ECS and Nova bodies share. */
function common(s: ServerRecord, c: ServerContext) {
  const flavor = flavorOf(c.facts.flavorId) ?? DEFAULT_FLAVOR;
  const state = VM_STATES[s.status] ?? { vm: s.status.toLowerCase(), power: 0 };
  const created = secondsTime(msOf(s.createdAt));
  const launched = launchedAt(c.sim, s);
  const ip = privateIp(s.id);
  const address = {
    version: '4', addr: ip, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': macOf(s.id), 'OS-EXT-IPS:port_id': hexOf(`port:${s.id}`), primary: true,
  };
  const gold = s.sourceImageId ? goldImage(s.sourceImageId) : undefined;
  return {
    flavor, state, created, updated: launched ? secondsTime(msOf(launched)) : created, launched: launched ? launched.replace(/Z$/, '').replace(/\.\d{3}$/, '.000000') : '',
    addresses: { [c.facts.vpcId]: [address] },
    metadata: {
      ...c.facts.metadata,
      image_name: imageName(s.sourceImageId, c.sim), vpc_id: c.facts.vpcId, os_type: s.os === 'windows' ? 'Windows' : 'Linux', os_bit: '64',
      charging_mode: '0', 'metering.image_id': s.sourceImageId ?? '', 'metering.imagetype': gold ? 'gold' : 'private',
      'metering.resourcespeccode': `${flavor.id}.${s.os}`, 'metering.resourcetype': '1',
    },
    hostId: hexOf(`host:${s.az}`),
    instanceName: `instance-${hexOf(s.id).slice(0, 8)}`,
  };
}

/** The ECS `server` of showServer and listServersDetails (OTC-ECS querying_details_about_an_ecs.rst). */
export function ecsServer(s: ServerRecord, c: ServerContext): Record<string, unknown> {
  const m = common(s, c);
  return {
    id: s.id, name: s.name, status: s.status, created: m.created, updated: m.updated, auto_terminate_time: '',
    hostId: m.hostId, 'OS-EXT-SRV-ATTR:host': m.hostId, addresses: m.addresses, key_name: c.facts.keyName,
    image: { id: s.sourceImageId ?? '' },
    'OS-EXT-STS:task_state': s.status === 'BUILD' ? 'spawning' : '', 'OS-EXT-STS:vm_state': m.state.vm,
    'OS-EXT-SRV-ATTR:instance_name': m.instanceName, 'OS-EXT-SRV-ATTR:hypervisor_hostname': m.hostId,
    flavor: { id: m.flavor.id, name: m.flavor.id, disk: '0', vcpus: String(m.flavor.vcpus), ram: String(m.flavor.ramMB), gpus: [], asic_accelerators: [] },
    security_groups: [{ id: hexOf('sg:default'), name: 'default' }],
    'OS-EXT-AZ:availability_zone': s.az, user_id: hexOf(`user:${c.projectId}`), tenant_id: c.projectId,
    'OS-DCF:diskConfig': 'MANUAL', accessIPv4: '', accessIPv6: '', fault: s.status === 'ERROR' ? { code: 500, created: m.updated, message: 'Sim.ProvisionFailed', details: 'The server failed to build (failure injection).' } : null,
    progress: s.status === 'BUILD' ? 0 : 100, 'OS-EXT-STS:power_state': m.state.power, config_drive: '',
    metadata: m.metadata, 'OS-SRV-USG:launched_at': m.launched, 'OS-SRV-USG:terminated_at': '',
    'os-extended-volumes:volumes_attached': volumesOf(s).map((v) => ({
      id: v.id, delete_on_termination: v.system ? 'true' : 'false', bootIndex: v.system ? '0' : '-1', device: deviceOf(v.index),
    })),
    description: c.facts.description, host_status: s.status === 'ERROR' ? 'DOWN' : 'UP',
    'OS-EXT-SRV-ATTR:hostname': s.name.toLowerCase().replace(/[^a-z0-9-]/g, '-'), 'OS-EXT-SRV-ATTR:reservation_id': `r-${hexOf(`r:${s.jobId ?? s.id}`).slice(0, 8)}`,
    'OS-EXT-SRV-ATTR:launch_index': 0, 'OS-EXT-SRV-ATTR:kernel_id': '', 'OS-EXT-SRV-ATTR:ramdisk_id': '',
    'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda', 'OS-EXT-SRV-ATTR:user_data': '',
    locked: s.restore !== null, tags: c.facts.tags, 'os:scheduler_hints': {}, enterprise_project_id: '0',
    sys_tags: [{ key: '_sys_enterprise_project_id', value: '0' }], cpu_options: {}, hypervisor: { hypervisor_type: 'kvm', csd_hypervisor: '' },
  };
}

/** The Nova `server` (microversion 2.60) of GET /v2.1/{project_id}/servers…, for openstacksdk. */
export function novaServer(s: ServerRecord, c: ServerContext, selfBase: string): Record<string, unknown> {
  const m = common(s, c);
  const link = `${selfBase}/servers/${encodeURIComponent(s.id)}`;
  return {
    id: s.id, name: s.name, status: s.status, created: m.created, updated: m.updated, tenant_id: c.projectId, user_id: hexOf(`user:${c.projectId}`),
    metadata: m.metadata, hostId: m.hostId, addresses: m.addresses, key_name: c.facts.keyName || null,
    image: s.sourceImageId ? { id: s.sourceImageId, links: [{ rel: 'bookmark', href: `${selfBase}/images/${s.sourceImageId}` }] } : '',
    flavor: { original_name: m.flavor.id, vcpus: m.flavor.vcpus, ram: m.flavor.ramMB, disk: 0, ephemeral: 0, swap: 0, extra_specs: {} },
    security_groups: [{ name: 'default' }], links: [{ rel: 'self', href: link }, { rel: 'bookmark', href: link }],
    'OS-DCF:diskConfig': 'MANUAL', 'OS-EXT-AZ:availability_zone': s.az, 'OS-EXT-SRV-ATTR:host': m.hostId,
    'OS-EXT-SRV-ATTR:hypervisor_hostname': m.hostId, 'OS-EXT-SRV-ATTR:instance_name': m.instanceName,
    'OS-EXT-STS:power_state': m.state.power, 'OS-EXT-STS:task_state': s.status === 'BUILD' ? 'spawning' : null, 'OS-EXT-STS:vm_state': m.state.vm,
    'OS-SRV-USG:launched_at': m.launched || null, 'OS-SRV-USG:terminated_at': null,
    'os-extended-volumes:volumes_attached': volumesOf(s).map((v) => ({ id: v.id, delete_on_termination: v.system })),
    description: c.facts.description || null, host_status: s.status === 'ERROR' ? 'DOWN' : 'UP',
    'OS-EXT-SRV-ATTR:hostname': s.name.toLowerCase().replace(/[^a-z0-9-]/g, '-'), 'OS-EXT-SRV-ATTR:reservation_id': `r-${hexOf(`r:${s.jobId ?? s.id}`).slice(0, 8)}`,
    'OS-EXT-SRV-ATTR:launch_index': 0, 'OS-EXT-SRV-ATTR:kernel_id': '', 'OS-EXT-SRV-ATTR:ramdisk_id': '',
    'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda', 'OS-EXT-SRV-ATTR:user_data': null,
    tags: c.facts.tags, locked: s.restore !== null, accessIPv4: '', accessIPv6: '', config_drive: '', progress: s.status === 'BUILD' ? 0 : 100,
    ...(s.status === 'ERROR' ? { fault: { code: 500, created: m.updated, message: 'Sim.ProvisionFailed' } } : {}),
  };
}

/** A disk as a server lists it (attach/detach answers name the device). */
export function deviceOfDisk(server: ServerRecord, disk: DiskRecord): string {
  const i = server.dataDiskIds.indexOf(disk.id);
  return disk.id === server.systemDiskId ? deviceOf(0) : deviceOf(i < 0 ? server.dataDiskIds.length + 1 : i + 1);
}
