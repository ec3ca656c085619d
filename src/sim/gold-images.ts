/**
 * Public images (IMS `__imagetype: gold`, `visibility: public`): the images a cloud offers to
 * start servers from, Linux with Cloud-Init and Windows with Cloudbase-Init already inside (I4).
 * They are no actors of the world: nothing in cbr-sim makes, changes or deletes them, they are
 * the same in every project and never counted by the private image quota (I12). A server started
 * from one (`createServer({ …, imageId })`) takes its OS and init tool from it.
 */

export interface GoldImage {
  id: string;
  name: string;
  os: 'linux' | 'windows';
  /** IMS `__os_version`. */
  osVersion: string;
  /** IMS `__platform`. */
  platform: string;
  /** The smallest system disk a server from it gets (`min_disk`), GB. */
  minDiskGB: number;
  /** What it is, GB (`__image_size` / `size` in bytes is derived). */
  sizeGB: number;
  /** Cloud-Init (Linux) or Cloudbase-Init (Windows): inside every public image (I4). */
  initTool: true;
  /** When the cloud published it (ISO): before any simulated time. */
  createdAt: string;
}

/** Ids in the UUID form of the real public images, fixed so scripts can name them. */
export const GOLD_IMAGES: readonly GoldImage[] = [
  { id: '0b5b2f74-3ba3-4b0e-9e0c-5d0f1c6a0001', name: 'Ubuntu 22.04 server 64bit', os: 'linux', osVersion: 'Ubuntu 22.04 server 64bit', platform: 'Ubuntu', minDiskGB: 40, sizeGB: 3, initTool: true, createdAt: '2025-06-01T00:00:00.000Z' },
  { id: '0b5b2f74-3ba3-4b0e-9e0c-5d0f1c6a0002', name: 'CentOS 7.9 64bit', os: 'linux', osVersion: 'CentOS 7.9 64bit', platform: 'CentOS', minDiskGB: 40, sizeGB: 2, initTool: true, createdAt: '2025-06-01T00:00:00.000Z' },
  { id: '0b5b2f74-3ba3-4b0e-9e0c-5d0f1c6a0003', name: 'Windows Server 2022 Datacenter 64bit English', os: 'windows', osVersion: 'Windows Server 2022 Datacenter 64bit English', platform: 'Windows', minDiskGB: 40, sizeGB: 12, initTool: true, createdAt: '2025-06-01T00:00:00.000Z' },
];

export function goldImage(id: string): GoldImage | undefined {
  return GOLD_IMAGES.find((g) => g.id === id);
}
