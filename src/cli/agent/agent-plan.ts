/** One step of installing or removing the agent. */
export type AgentStep =
  | {
      readonly kind: 'write';
      readonly path: string;
      readonly content: string;
      /** File mode, such as 0o644. */
      readonly mode: number;
      /** Mode of the parent folders created for it. */
      readonly dirMode: number;
    }
  | { readonly kind: 'mkdir'; readonly path: string; readonly mode: number }
  | {
      readonly kind: 'remove';
      readonly path: string;
      /** Remove a folder with everything in it. */
      readonly recursive?: boolean;
    }
  | {
      readonly kind: 'run';
      readonly command: string;
      readonly args: readonly string[];
      /**
       * The harmless cause of an expected failure, such as an agent that is not loaded for
       * `launchctl bootout`. Null when a failure stops the plan.
       */
      readonly failureIsExpected: string | null;
    };

/** The ordered steps of one `agent install` or `agent uninstall`. */
export type AgentPlan = readonly AgentStep[];

/** Creates a step that runs `command` and stops the plan when it fails. */
export function createRunStep(command: string, args: readonly string[]): AgentStep {
  return { kind: 'run', command, args, failureIsExpected: null };
}

/** Formats a command line for display, quoting words that a shell would split or expand. */
export function formatCommandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(quoteForShell).join(' ');
}

function quoteForShell(word: string): string {
  if (/^[\w./:=@+-]+$/.test(word)) {
    return word;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
