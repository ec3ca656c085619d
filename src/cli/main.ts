#!/usr/bin/env node
/** The `cbr-sim` command. */
import { readFileSync } from 'node:fs';
import { runDemo, plainPrinter } from './demo.js';

const HELP = `cbr-sim: executable statecharts of CBR backups and IMS images on a simulated cloud

Usage: cbr-sim <command> [options]

Commands:
  demo         walk the seed-000 procedure (back up an ECS, create an image while the backup
               is still Creating, provision servers, delete image then backup) and print a transcript

Options:
  -h, --help     show this help
  -v, --version  print the version
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function main(argv: string[], out: (text: string) => void, err: (text: string) => void, colour: boolean): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    out(HELP);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    out(`${version()}\n`);
    return 0;
  }
  if (command === 'demo') {
    if (rest.includes('--help') || rest.includes('-h')) {
      out('Usage: cbr-sim demo\n\nWalks the seed-000 procedure through the public API and prints a transcript.\n');
      return 0;
    }
    if (rest.length > 0) {
      err(`cbr-sim demo: unknown option ${rest[0]}; it takes none (see cbr-sim demo --help)\n`);
      return 2;
    }
    runDemo(plainPrinter(out, colour));
    return 0;
  }
  err(`cbr-sim: unknown command "${command}"; commands: demo (see cbr-sim --help)\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t), Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
