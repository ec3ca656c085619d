/**
 * `cbr-sim serve --data <file>`: the trainer's world kept across restarts. After a change, at most
 * every `DATA_INTERVAL_MS`, and when the server stops (SIGTERM, SIGINT), the session's world and
 * player are written atomically: to a temporary file beside it, flushed to disk, then renamed over
 * the file, so a crash at any moment leaves the old file or the new one, never half of one. On
 * start the file is read back and validated like any saved simulation; a file that does not
 * validate is reported and kept aside (renamed `<file>.corrupt-<time>`), never overwritten.
 *
 * A `kill -9` loses what changed since the last write: at most `DATA_INTERVAL_MS` of changes.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Session, SessionData } from './session.js';

export const DATA_FORMAT = 'cbr-sim/serve-data';
export const DATA_VERSION = 1;
/** The longest a change waits before it is written. */
export const DATA_INTERVAL_MS = 2_000;
/** The journal's newest records are kept in the file up to this many bytes. */
export const DATA_JOURNAL_BYTES = 4 * 1024 * 1024;
/** A data file larger than this is not read (it is no file cbr-sim wrote). */
export const DATA_MAX_BYTES = 512 * 1024 * 1024;

export class DataFileError extends Error {
  constructor(readonly path: string, message: string, readonly keptAs: string | null) {
    super(message);
    this.name = 'DataFileError';
  }
}

/** Writes `text` to `path` atomically: a temporary file beside it, fsync, rename, fsync of the folder. */
export function writeAtomically(path: string, text: string): void {
  // One name, so that a write a kill -9 cut short leaves no litter: the next write replaces it.
  const temp = join(dirname(path), `.${basename(path)}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some file systems cannot sync a folder; the rename is still atomic.
  }
}

/**
 * Reads the data file into the session. Null when there is no file yet; a DataFileError (after
 * moving the file aside) when it cannot be used.
 */
export function restoreDataFile(path: string, session: Session): { savedAt: string } | null {
  if (!existsSync(path)) return null;
  let why: string;
  try {
    const text = readFileSync(path, 'utf8');
    if (text.length > DATA_MAX_BYTES) throw new Error(`it is larger than ${DATA_MAX_BYTES} bytes`);
    const data = JSON.parse(text) as { format?: unknown; version?: unknown; savedAt?: unknown; session?: unknown };
    if (typeof data !== 'object' || data === null) throw new Error('it is not a JSON object');
    if (data.format !== DATA_FORMAT) throw new Error(`its format is ${JSON.stringify(data.format)}, not "${DATA_FORMAT}"`);
    if (data.version !== DATA_VERSION) throw new Error(`it is version ${JSON.stringify(data.version)}; this cbr-sim reads version ${DATA_VERSION}`);
    if (typeof data.session !== 'object' || data.session === null) throw new Error('"session" is missing');
    session.resume(data.session as SessionData);
    return { savedAt: String(data.savedAt) };
  } catch (error) {
    why = (error as Error).message;
  }
  const keptAs = `${path}.corrupt-${new Date().toISOString().replaceAll(':', '-')}`;
  let kept: string | null = keptAs;
  try {
    renameSync(path, keptAs);
  } catch {
    kept = null;
  }
  throw new DataFileError(path, `${path} cannot be restored: ${why}`, kept);
}

/** Keeps the data file in step with the session: after changes (at most every interval) and on `flush()`. */
export class DataFile {
  private timer: NodeJS.Timeout | null = null;
  private lastWrite = 0;
  /** Writes done, and the wall time the last took (ms): for the README's figures and the tests. */
  writes = 0;
  lastWriteMs = 0;

  constructor(readonly path: string, private readonly session: Session, private readonly interval = DATA_INTERVAL_MS) {
    session.onChange = () => this.changed();
    // What changed before a scenario step is written before it begins: the step itself is not
    // (see `flush`), so a stop or a crash in the middle of it leaves the world as it was before it.
    session.beforeStep = () => {
      if (this.timer) this.flush();
    };
  }

  private changed(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastWrite + this.interval - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  /**
   * Writes the world now (on stop, and when the interval is up); in the middle of a scenario step
   * nothing, the file keeps the world from before the step (the step's end is a change, written then).
   */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.session.midStep) return;
    const started = performance.now();
    const text = JSON.stringify({ format: DATA_FORMAT, version: DATA_VERSION, savedAt: new Date().toISOString(), session: this.session.persisted(DATA_JOURNAL_BYTES) });
    writeAtomically(this.path, text);
    this.lastWrite = Date.now();
    this.lastWriteMs = performance.now() - started;
    this.writes++;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.session.onChange = () => {};
    this.session.beforeStep = () => {};
  }
}
