/**
 * The project this page shows: `/?project=<id>` (none: the default project, the world the server
 * started with). Each project is a simulation of its own on the server, and every request of the
 * page names this one (`withProject`): its API calls, its chart fetches and its /live socket.
 */

const named = new URLSearchParams(location.search).get('project');

/** The project's id as the page was opened on it, or null for the default project. */
export const PROJECT = named === null || named === '' || named === 'default' ? null : named;

/** `path` (`/api/…`, `/live`) with this page's project: `?project=<id>` added, or as it is for the default project. */
export function withProject(path) {
  if (PROJECT === null) return path;
  return `${path}${path.includes('?') ? '&' : '?'}project=${encodeURIComponent(PROJECT)}`;
}

/** The page's own address on another project (null: the default one), its other parameters (the view) kept. */
export function pageOf(project) {
  const params = new URLSearchParams(location.search);
  if (project === null || project === 'default') params.delete('project');
  else params.set('project', project);
  const query = params.toString();
  return query ? `?${query}` : location.pathname;
}
