import { MAX_RECENT_LIMIT } from '../shared/protocol/index.js';
import type { ControlCommandName } from './control-command.js';

const DAEMON_EXIT_STATUS = `Exit status: 0 success, 2 invalid command line, 3 no daemon is running (start one
with \`metaclear daemon\`, or \`metaclear agent install\` to start it at login), 4 the
daemon rejected the request; the message says why.`;

const JSON_OPTION = `  --json      Print the daemon's reply as one JSON object, {"version":1,...}, and
              nothing else.`;

const STATUS_HELP = `Usage: metaclear status [--json]

Shows what the daemon is doing: its state (idle, working, paused, needs attention), how
many files it cleaned today, and each watched folder with its mode and state.

Options:
${JSON_OPTION}
  -h, --help  Show this help.

${DAEMON_EXIT_STATUS}
`;

const PAUSE_HELP = `Usage: metaclear pause [FOLDER] [--for DURATION | --until TIME] [--json]

Pauses cleaning, of every folder or only of the watched FOLDER. Files that arrive while
paused are cleaned after the pause ends. A pause survives restarts of the daemon, and
without --for or --until it lasts until \`metaclear resume\`.

Options:
  --for DURATION  End the pause after DURATION: a whole number with a unit, s, m, h or d,
                  such as 30m, 1h, 1h30m or 2d (at most 366 days).
  --until TIME    End the pause at TIME: a local time such as 15:30 (today, or tomorrow
                  once 15:30 has passed), or an ISO 8601 date and time such as
                  2026-12-24T09:00 (local) or 2026-12-24T09:00+01:00.
${JSON_OPTION}
  -h, --help      Show this help.

${DAEMON_EXIT_STATUS}
`;

const RESUME_HELP = `Usage: metaclear resume [FOLDER] [--json]

Ends the pause of all folders that \`metaclear pause\` without FOLDER started, or the pause
of the watched FOLDER, and cleans the files that arrived meanwhile. The two are separate:
a folder paused on its own stays paused until it is resumed by name, and resuming FOLDER
does not end a pause of all folders.

Options:
${JSON_OPTION}
  -h, --help  Show this help.

${DAEMON_EXIT_STATUS}
`;

const FOLDERS_HELP = `Usage: metaclear folders [list] [--json]
       metaclear folders add PATH [--mode in-place|output] [--output DIR]
                             [--existing clean|skip] [--json]
       metaclear folders add --screenshots [--existing clean|skip] [--json]
       metaclear folders remove PATH [--json]

Lists, adds or removes the folders the daemon watches. The daemon writes the change to
the config file and starts or stops watching at once. Removing a folder leaves its files
and the originals already moved aside where they are.

Options of add:
  --mode in-place        Replace each file with its cleaned version, keeping its name and
                         file dates (the default without --output).
  --mode output          Put cleaned copies in the --output folder and move each original
                         to the originals folder (the default with --output).
  --output DIR           The folder that receives the cleaned copies.
  --existing clean|skip  Whether to clean the files already in the folder now. Default:
                         clean for output folders, skip for in-place folders. Files that
                         arrive later are always cleaned.
  --screenshots          Add the folder where the desktop saves screenshots, cleaned in
                         place. macOS: the screencapture location setting, else
                         ~/Desktop. Linux: Screenshots in the XDG Pictures folder, else
                         the Pictures folder itself.
${JSON_OPTION}
  -h, --help             Show this help.

${DAEMON_EXIT_STATUS}
`;

const RECENT_HELP = `Usage: metaclear recent [--limit N] [--json]

Lists the files the daemon handled most recently, newest first: what it removed from each,
where the cleaned file and the original are, and the job id that \`metaclear revert\` takes.

Options:
  --limit N   List the N most recent files, from 1 to ${MAX_RECENT_LIMIT} (default 50).
${JSON_OPTION}
  -h, --help  Show this help.

${DAEMON_EXIT_STATUS}
`;

const ATTENTION_HELP = `Usage: metaclear attention [list] [--json]
       metaclear attention retry ID [--json]
       metaclear attention dismiss ID [--json]

Lists the files that need a person, which the daemon left untouched: files in a format it
cannot clean, files still incomplete after settle.incompleteAfterMs (10 minutes by
default), and files whose cleaning failed a verification check, timed out or crashed.
\`retry ID\` cleans a file again, for example after fixing it; \`dismiss ID\` removes it
from the list until its content changes. \`metaclear recent\` shows other failures.

Options:
${JSON_OPTION}
  -h, --help  Show this help.

${DAEMON_EXIT_STATUS}
`;

const REVERT_HELP = `Usage: metaclear revert JOB_ID [--json]

Puts the original of a cleaned file back where it was, and keeps the daemon from cleaning
it again. In an output folder it also deletes the cleaned copy, unless that copy has
changed since. It fails, changing nothing, when a different file now sits at the original's
path, or when the config sends originals to the trash or deletes them. \`metaclear recent\`
lists job ids.

Options:
${JSON_OPTION}
  -h, --help  Show this help.

${DAEMON_EXIT_STATUS}
`;

/** The help of each command that talks to the daemon. */
export const CONTROL_HELP_TEXTS: Readonly<Record<ControlCommandName, string>> = {
  status: STATUS_HELP,
  pause: PAUSE_HELP,
  resume: RESUME_HELP,
  folders: FOLDERS_HELP,
  recent: RECENT_HELP,
  attention: ATTENTION_HELP,
  revert: REVERT_HELP,
};
