import { REPORT_VERSION } from '../shared/report.js';

/**
 * Serialises a daemon result as the `--json` envelope `{"version":1,...}`, with the result's
 * keys after `version`. A result's own `version` (the daemon's package version in `status`)
 * becomes `daemonVersion`, so `version` always names the envelope's format.
 */
export function formatJsonReply(result: object): string {
  const { version, ...rest } = result as Record<string, unknown>;
  const envelope: Record<string, unknown> = { version: REPORT_VERSION };
  if (version !== undefined) {
    envelope.daemonVersion = version;
  }
  Object.assign(envelope, rest);
  return `${JSON.stringify(envelope)}\n`;
}
