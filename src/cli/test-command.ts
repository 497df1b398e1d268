import type { Command } from 'commander';
import type { CommandContext } from './main.js';

/** Placeholder until the test issue lands: replaced by the runner helper. */
export function registerTestCommands(_program: Command, _ctx: CommandContext): void {}
