import { CONTROL_HELP_TEXTS } from './control-help-texts.js';
import type { CommandName } from './parse-command-line.js';

const GENERAL_HELP = `Usage: metaclear COMMAND [OPTIONS] [PATH...]

Removes hidden metadata (GPS location, camera serial numbers, dates, thumbnails, XMP,
AI prompts and more) from JPEG, PNG, WebP, GIF, TIFF, HEIC/HEIF and AVIF images without
re-encoding them.

Commands:
  clean PATH...   Clean images in place, into a folder (--out), or from standard input.
  check PATH...   List the kinds of metadata each image contains, without changing it.
  status          Show the daemon's state, its watched folders and today's count.
  pause [FOLDER]  Pause cleaning, for a while (--for 1h, --until 15:30) or until resumed.
  resume [FOLDER] End a pause.
  folders         List, add or remove watched folders.
  recent          List the files cleaned most recently, with their job ids.
  attention       List the files that need attention; retry or dismiss them.
  revert JOB_ID   Put the original of a cleaned file back.
  daemon          Watch the configured folders and clean what lands in them.
  agent ACTION    Install, remove or show the login agent that runs the daemon.
  doctor          Check the config, folders, daemon, agent and sandbox.
  forget          Delete history and log files older than a date.
  uninstall       Remove the agent, config, history and logs; keep the originals.
  tray            Start the menu-bar tray.
  help [COMMAND]  Show this help, or the help of COMMAND.

Options:
  -h, --help      Show help. \`metaclear COMMAND --help\` shows the help of COMMAND.
  --version       Print the version of metaclear.

Exit status: 0 success, 1 a file failed, is unsupported or was skipped (check: metadata was
found), 2 invalid command line, 3 no daemon is running, 4 the daemon rejected the request,
78 invalid config file.
Set METACLEAR_HOME to keep the config, state, logs and default folders under one folder.
`;

const CLEAN_HELP = `Usage: metaclear clean [--out DIR] [--json] [--keep-orientation=false]
                       [--bake-orientation] [--to-srgb] PATH...

Cleans each image PATH. Folders are walked recursively, skipping hidden, temporary and
system files, and symbolic links are never followed.

Without --out, each file is cleaned in place: the cleaned image replaces it under the same
name, and the original moves to the originals folder from the config file
(default ~/MetaClear/Originals). A file with more than one hard link is skipped, because
its other names would keep the metadata. While a daemon runs, it does this cleaning and
records it in its history (see \`metaclear recent\`), with the keep options below.

With --out DIR, cleaned copies go to DIR and the inputs stay untouched. A file keeps its
base name (DIR/a.jpg), and a folder keeps its own name (DIR/photos/a.jpg). A name that
already exists gets " (2)", " (3)"... before the extension; names that differ only in case
or Unicode normalisation count as the same.

PATH \`-\` reads an image from standard input and writes the cleaned image to standard
output. Put \`--\` before paths that start with \`-\`.

Options:
  --out DIR                 Write cleaned copies to DIR (created if missing) instead of
                            cleaning in place. Copies do not keep the file dates.
  --json                    Print one JSON report on standard output and nothing else.
  --keep-orientation=false  Drop the EXIF orientation too (kept by default, because
                            losing it turns portrait photos sideways).
  --bake-orientation        Rotate the pixels upright and drop the orientation tag.
                            Re-encodes the image (lossy).
  --to-srgb                 Convert the colours to sRGB and drop the colour profile.
                            Re-encodes the image (lossy).
  -h, --help                Show this help.

Which metadata is kept follows the "keep" section of the config file when one exists,
then these options. JPEG, PNG, WebP, GIF, TIFF, HEIC/HEIF and AVIF are cleaned; other
formats (RAW, JPEG XL, PDF, video) are reported as unsupported and left untouched.
--bake-orientation and --to-srgb work on JPEG and PNG only.

Exit status: 0 every file was cleaned or already clean, 1 some file failed, is unsupported
or was skipped, 2 invalid command line, 78 invalid config file.
`;

const CHECK_HELP = `Usage: metaclear check [--json] PATH...

Lists the kinds of metadata each image contains (never their values) and changes
nothing. Folders are walked recursively like \`metaclear clean\` does. An image is
"clean" when nothing that cleaning removes is present; kinds the config keeps (such as
orientation and the colour profile) are listed as kept.

Options:
  --json      Print one JSON report on standard output and nothing else.
  -h, --help  Show this help.

Exit status: 0 every image is clean, 1 some image has metadata, is unsupported or could
not be checked, 2 invalid command line, 78 invalid config file.
`;

const DAEMON_HELP = `Usage: metaclear daemon [--agent]

Runs in the foreground, watching the folders listed in the config file and cleaning every
image that lands in them. SIGTERM and SIGINT finish the files in progress and exit 0.
Logs go to the log folder, and to the terminal when standard output is one.

Options:
  --agent     Run as the login agent (launchd or systemd): on an invalid config file it
              stays up, waiting for a fix, and exits 0 when stopped, so the service
              manager does not restart it forever.
  -h, --help  Show this help.

Exit status: 0 stopped by a signal, 1 could not start, 78 invalid config file (without
--agent).
`;

const AGENT_HELP = `Usage: metaclear agent install|uninstall|status [--dry-run]

Runs the daemon as a login agent, so folders are cleaned in the background after login.
macOS: a LaunchAgent, ~/Library/LaunchAgents/org.metaclear.daemon.plist, loaded with
\`launchctl bootstrap\`; the daemon runs under sandbox-exec with a profile that denies
every network operation except on its own Unix socket. Linux: a systemd user unit,
$XDG_CONFIG_HOME/systemd/user/metaclear.service, started with \`systemctl --user enable
--now\`; the unit allows only AF_UNIX sockets.

install records the absolute paths of this node binary and of bin/metaclear.js in
<state>/agent.json. Run it again after moving MetaClear or upgrading node. A set
METACLEAR_HOME is passed on to the agent.

Actions:
  install     Write the agent's file and agent.json, then load and start the agent.
  uninstall   Stop and unload the agent, then remove its file and agent.json.
  status      Show the agent's files, recorded paths and whether it runs.

Options:
  --dry-run   Print the files that would be written (in full) and the commands that
              would run, and change nothing. Not for status.
  -h, --help  Show this help.

Exit status: 0 success (status: installed and running), 1 launchctl or systemctl failed
(status: not installed or not running), 2 invalid command line.
`;

const DOCTOR_HELP = `Usage: metaclear doctor

Checks what the daemon needs and prints one pass, warn or fail line each: the config
file, each watched folder, output folder and the vault (exists, readable, writable), the
daemon's socket (connects and closes, sends nothing), the login agent and its recorded node
binary, that sharp loads, free disk space, and that the agent's sandbox blocks internet
sockets (macOS: runs the recorded node under the sandbox; Linux: reads the unit). Changes
nothing.

On macOS, a login agent's node binary needs its own access to ~/Desktop, ~/Documents and
~/Downloads, even when this terminal has it: doctor explains the two fixes.

Exit status: 0 nothing failed (warnings allowed), 1 a check failed, 2 invalid command line.
`;

const FORGET_HELP = `Usage: metaclear forget --before DATE

Deletes from the history the finished jobs and the needs-attention entries older than
DATE, and the records of originals that left the vault before DATE, then deletes the log
files last written before DATE. Deleted history rows are overwritten on disk. Jobs whose
original is still in the vault are kept, so that revert still works; they go when the
vault drops the original (originals.retentionDays). Works with or without a running daemon.

Options:
  --before DATE  YYYY-MM-DD (local midnight) or an ISO-8601 time such as
                 2026-01-31T12:00:00Z.
  -h, --help     Show this help.

The log file the daemon is writing keeps its older lines until it rotates (daily).

Exit status: 0 success, 1 the history could not be opened, 2 invalid command line.
`;

const UNINSTALL_HELP = `Usage: metaclear uninstall [--dry-run]

Removes the login agent, the config, the state (history, pause state, agent.json) and the
logs. The vault with your originals is kept, and so are the watched folders and the
cleaned copies; the last line says where the vault is. A folder that contains the vault or
a watched folder is kept as well. A daemon started by hand must be stopped first.

Options:
  --dry-run   Print what would be removed and run, and change nothing.
  -h, --help  Show this help.

Exit status: 0 success, 1 a daemon still runs or a command failed, 2 invalid command line,
78 invalid config file (the vault's location is then unknown).
`;

const TRAY_HELP = `Usage: metaclear tray

Starts the menu-bar tray in the background and returns. The tray shows what the daemon is
doing, what needs attention and what was cleaned recently, and can pause, resume and start
the daemon. It talks only to the daemon's local socket. A tray that already runs stays, and
the new one quits.

The tray runs on Electron, which \`npm run tray\` installs once into src/tray/runtime of the
MetaClear checkout (installing needs Node.js 22.12 or later); until then this command fails
and says so.

Exit status: 0 the tray started, 1 it is not installed or could not start, 2 invalid command
line.
`;

const HELP_HELP = `Usage: metaclear help [COMMAND]

Shows the list of commands, or the help of COMMAND (such as clean, check, folders or agent).
`;

const HELP_TEXTS: Readonly<Record<CommandName, string>> = {
  clean: CLEAN_HELP,
  check: CHECK_HELP,
  ...CONTROL_HELP_TEXTS,
  daemon: DAEMON_HELP,
  agent: AGENT_HELP,
  doctor: DOCTOR_HELP,
  forget: FORGET_HELP,
  uninstall: UNINSTALL_HELP,
  tray: TRAY_HELP,
  help: HELP_HELP,
};

/** Returns the help text of `topic`, or the general help for null. */
export function getHelpText(topic: CommandName | null): string {
  return topic === null ? GENERAL_HELP : HELP_TEXTS[topic];
}
