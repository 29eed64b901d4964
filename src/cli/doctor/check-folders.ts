import { access, constants, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/config-schema.js';
import { createCheck, type DoctorCheck } from './doctor-check.js';

/** The inputs of the folder checks besides the config. */
export interface FolderCheckContext {
  readonly platform: NodeJS.Platform;
  readonly homeDir: string;
  /** The node binary the login agent runs, or null when no agent is installed. */
  readonly agentNode: string | null;
}

/** The folders macOS privacy protection (TCC) guards per app, relative to the home folder. */
const PROTECTED_MAC_FOLDERS = ['Desktop', 'Documents', 'Downloads'];

/**
 * Checks each watched folder (exists, readable), each output folder and the vault (also
 * writable). On macOS a folder in ~/Desktop, ~/Documents or ~/Downloads gets the privacy case
 * explained: a LaunchAgent's node binary without Full Disk Access gets EPERM there, even when
 * this terminal can read it.
 */
export async function checkFolders(
  config: Config,
  context: FolderCheckContext,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const folder of config.folders) {
    checks.push(await checkFolder(folder.path, 'watched folder', false, context));
    if (folder.mode === 'output') {
      checks.push(await checkFolder(folder.output, 'output folder', true, context));
    }
  }
  if (config.originals.action === 'vault') {
    checks.push(await checkFolder(config.originals.vault, 'vault', true, context));
  }
  return checks;
}

async function checkFolder(
  folderPath: string,
  role: string,
  mustBeWritable: boolean,
  context: FolderCheckContext,
): Promise<DoctorCheck> {
  const subject = `${role} ${folderPath}`;
  try {
    await readdir(folderPath);
    if (mustBeWritable) {
      await access(folderPath, constants.W_OK);
    }
  } catch (error) {
    return describeFolderError(subject, folderPath, error as NodeJS.ErrnoException, context);
  }
  if (isProtectedOnMac(folderPath, context) && context.agentNode !== null) {
    return createCheck(
      subject,
      'warn',
      `readable from this terminal, but the login agent runs ${context.agentNode}, which macOS ` +
        `asks for access separately. ${describePrivacyFixes(context.agentNode)}`,
    );
  }
  return createCheck(subject, 'pass', mustBeWritable ? 'readable and writable' : 'readable');
}

function describeFolderError(
  subject: string,
  folderPath: string,
  error: NodeJS.ErrnoException,
  context: FolderCheckContext,
): DoctorCheck {
  switch (error.code) {
    case 'ENOENT':
      return createCheck(
        subject,
        'warn',
        'does not exist; the daemon reports it unavailable until it appears. Create it, or ' +
          'remove it from the config.',
      );
    case 'ENOTDIR':
      return createCheck(subject, 'fail', 'is not a folder; fix the path in the config.');
    case 'EPERM':
      if (context.platform === 'darwin') {
        return createCheck(
          subject,
          'fail',
          `macOS privacy protection denies access (EPERM). ${describePrivacyFixes(context.agentNode ?? process.execPath)}`,
        );
      }
      break;
    case 'EACCES':
      return createCheck(
        subject,
        'fail',
        `permission denied (EACCES); run \`chmod u+rwx ${quote(folderPath)}\` or fix its owner.`,
      );
  }
  return createCheck(subject, 'fail', `cannot be opened: ${error.message}`);
}

function isProtectedOnMac(folderPath: string, context: FolderCheckContext): boolean {
  if (context.platform !== 'darwin') {
    return false;
  }
  return PROTECTED_MAC_FOLDERS.some((name) => {
    const relative = path.relative(path.join(context.homeDir, name), folderPath);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

/** Explains the two ways out of the macOS privacy case. */
function describePrivacyFixes(node: string): string {
  return (
    `Fix it in one of two ways: (1) in System Settings > Privacy & Security > Full Disk ` +
    `Access, add ${node} (the node binary recorded in agent.json) and turn it on, then run ` +
    '`metaclear agent install` again; or (2) save screenshots outside the protected folders: ' +
    '`mkdir -p ~/MetaClear/Screenshots && defaults write com.apple.screencapture location ' +
    '~/MetaClear/Screenshots`, and watch that folder instead.'
  );
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
