/** Exit codes of the `metaclear` command. Scripts and the service managers rely on them. */
export const EXIT_CODES = Object.freeze({
  /** Every file was cleaned, was already clean, or (for `check`) contains no removable metadata. */
  success: 0,
  /** Some file failed, is unsupported or was skipped; for `check`, metadata was found too. */
  fileProblem: 1,
  /** Unknown command or option, missing or contradictory arguments. */
  usage: 2,
  /** No daemon accepts connections on the control socket. The message explains how to start one. */
  daemonUnreachable: 3,
  /** The daemon replied to the request with an error. */
  requestFailed: 4,
  /** The config file is invalid; the message names the key (sysexits `EX_CONFIG`). */
  invalidConfig: 78,
});
