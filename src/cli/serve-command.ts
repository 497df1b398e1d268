import type { Command } from 'commander';
import type { CommandContext } from './main.js';

/** Placeholder until the serve issue lands: replaced by the server helper. */
export function registerServeCommand(_program: Command, _ctx: CommandContext): void {}
