/**
 * One table from error codes to the HTTP status the real service documents for them
 * (cloud-facts §4): CBR's image-creation family 6207–6214 answers 500, the rest of CBR, IMS and
 * ECS 400; the simulator's `Sim.NotFound` and `Sim.AlreadyDeleted` 404, `Sim.ForbiddenOrigin` and
 * `Sim.ForbiddenHost` (a client that may not talk to the server, src/server/access.ts) 403,
 * `Sim.Busy` and `Sim.OffScript` 409, other `Sim.*` 400.
 */
export function httpStatusOf(code: string): number {
  if (code === 'Sim.NotFound' || code === 'Sim.AlreadyDeleted') return 404;
  if (code === 'Sim.ForbiddenOrigin' || code === 'Sim.ForbiddenHost') return 403;
  // Long work is running (an advance, a scenario step): try again when it has ended.
  if (code === 'Sim.Busy') return 409;
  // The player is detached from its scenario (resumed in the middle of a step): Back or load first.
  if (code === 'Sim.OffScript') return 409;
  const cbr = /^BackupService\.(\d+)$/.exec(code);
  if (cbr && Number(cbr[1]) >= 6207 && Number(cbr[1]) <= 6214) return 500;
  return 400;
}
