#!/usr/bin/env node
// The `backprop` command: parses flags, calls the library, prints. No math lives here.
import { readFileSync } from 'node:fs';
import { ParseError } from 'backprop';
import { Command, CommanderError } from 'commander';
import { graphCommand } from './graph.ts';
import { trainCommand } from './train.ts';
import { UsageError } from './usage-error.ts';

// two folders up from both src/cli/ and dist/cli/
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const program = new Command('backprop')
  .description('Neural-network backpropagation from scratch: train, draw and explore.')
  .version(version)
  .showSuggestionAfterError(false)
  .exitOverride()
  .configureOutput({ outputError: () => {} });

for (const command of [trainCommand(), graphCommand()]) {
  program.addCommand(command.copyInheritedSettings(program));
}

try {
  await program.parseAsync();
} catch (error) {
  process.exitCode = exitCode(error);
}

/** Prints one line for an error and says how the process should exit: 2 for usage, 1 for failures. */
function exitCode(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end here with exit code 0; a bare `backprop` has printed its help
    if (error.exitCode === 0) return 0;
    if (error.code === 'commander.help') return 2;
    console.error(`backprop: ${error.message.replace(/^error: /, '')}${validChoices(error)}`);
    return 2;
  }
  // a malformed expression is a usage error too, shown with the expression and a caret under
  // the column (the message's next two lines)
  if (error instanceof ParseError) {
    console.error(`backprop: ${error.message}`);
    return 2;
  }
  if (error instanceof UsageError) {
    console.error(`backprop: ${error.message.split('\n')[0]}`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`backprop: ${message.split('\n')[0]}`);
  return 1;
}

/** For an unknown flag or command, the ones that exist. */
function validChoices(error: CommanderError): string {
  if (error.code === 'commander.unknownCommand') {
    return `; expected one of ${program.commands.map((c) => c.name()).join(', ')}`;
  }
  if (error.code === 'commander.unknownOption') {
    const name = process.argv[2];
    const command = program.commands.find((c) => c.name() === name) ?? program;
    const flags = command.options.map((o) => o.long).filter(Boolean);
    return `; expected one of ${[...flags, '--help'].join(', ')}`;
  }
  return '';
}
