/**
 * `cbr-sim serve`'s --host and --allowed-host: where the inspector listens, which other names it
 * answers to, and whether to warn that it is reachable beyond this machine.
 */
import { UsageError } from './scenarios.js';
import { hostName, isLoopback } from '../server/access.js';

export const ALLOWED_HOST = '--allowed-host';

/**
 * Every `--allowed-host` value of `args` (the option is repeatable and takes comma-separated
 * names), read as `parse` reads valued options: `--allowed-host NAME` or `--allowed-host=NAME`.
 */
function allowedHostValues(args: readonly string[], valued: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (!valued.includes(name)) continue;
    const value = name === arg ? args[++i] : arg.slice(arg.indexOf('=') + 1);
    if (name === ALLOWED_HOST && value !== undefined) names.push(...value.split(','));
  }
  return names;
}

/**
 * `host` is --host's value (undefined when absent); `valued` the command's valued options, so
 * that a value that looks like --allowed-host is not taken for one.
 */
export function serveHosts(args: readonly string[], host: string | undefined, valued: readonly string[]): { host: string; allowedHosts: string[]; warning: string | null } {
  if (host !== undefined && host.trim() === '') {
    throw new UsageError('--host needs an address or name to listen on; got an empty one, which would listen on every interface (127.0.0.1 is the default; give 0.0.0.0 to listen on every interface on purpose)');
  }
  const listen = host?.trim() ?? '127.0.0.1';
  const allowedHosts = allowedHostValues(args, valued).map((name) => {
    const canonical = name.trim() === '' ? null : hostName(name);
    if (canonical === null) throw new UsageError(`${ALLOWED_HOST} takes host names or addresses, comma separated, without a scheme, port or path (such as ${ALLOWED_HOST} inspector.lan); got ${JSON.stringify(name)}`);
    return canonical;
  });
  const warning = isLoopback(listen)
    ? null
    : `cbr-sim serve: warning: listening on ${listen} exposes the inspector beyond this machine; anyone who reaches it can act on the simulation\n`;
  return { host: listen, allowedHosts, warning };
}
