/**
 * What a full-ECS image is told when its backup's API status changes. The world forwards it, and
 * the checker's model composes the charts with the same function, so the two cannot drift apart.
 */
export type BackupNews = 'BACKUP_AVAILABLE' | 'BACKUP_FAILED' | 'BACKUP_GONE';

export function newsForImage(from: string, to: string): BackupNews | null {
  if (from === to) return null;
  if (to === 'deleted') return 'BACKUP_GONE';
  if (from === 'protecting' && to === 'available') return 'BACKUP_AVAILABLE';
  if (from === 'protecting' && to === 'error') return 'BACKUP_FAILED';
  return null;
}
