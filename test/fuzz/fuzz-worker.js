// The worker that runs fuzz cases through WorkerPool, which bounds each case's time and heap.
// It speaks the clean worker's protocol (CleanRequest in, CleanReply out) and loads the
// compiled modules from dist/, as the production clean worker does. A reply with code null is
// a finding: a check threw something other than an AppError, or verifyClean rejected what
// stripImage returned with an E_VERIFY_* code, which blames the output. A reply with a code is
// an ordinary refusal of a malformed file, also from verifyClean when its code (E_CORRUPT,
// E_TRUNCATED) blames the input, as for image data that the stripper copies without parsing.
import { parentPort } from 'node:worker_threads';
import { isAppError } from '../../dist/shared/errors.js';
import { isContainerComplete } from '../../dist/strip/is-container-complete.js';
import { sniffFormat } from '../../dist/strip/sniff-format.js';
import { stripImage } from '../../dist/strip/strip-image.js';
import { verifyClean } from '../../dist/verify/verify-clean.js';

/** Codes that say the input is broken, as opposed to the cleaned output. */
const INPUT_FAULT_CODES = new Set(['E_CORRUPT', 'E_TRUNCATED']);

parentPort.on('message', (request) => {
  parentPort.postMessage(runCase(request));
});

function runCase({ jobId, bytes, policy }) {
  // The intake runs these on the daemon's main thread, outside any worker, on every new file.
  try {
    sniffFormat(bytes);
    isContainerComplete(bytes);
  } catch (error) {
    return reportFinding(jobId, 'sniffFormat or isContainerComplete threw', error);
  }
  let result;
  try {
    result = stripImage(bytes, policy);
  } catch (error) {
    if (isAppError(error)) {
      return { jobId, ok: false, code: error.code, message: error.message };
    }
    return reportFinding(jobId, 'stripImage threw a non-AppError', error);
  }
  try {
    verifyClean(bytes, result, policy);
  } catch (error) {
    if (isAppError(error) && INPUT_FAULT_CODES.has(error.code)) {
      return { jobId, ok: false, code: error.code, message: error.message };
    }
    return reportFinding(jobId, `verifyClean rejected a ${result.format} StripResult`, error);
  }
  return { jobId, ok: true, result };
}

function reportFinding(jobId, description, error) {
  const code = isAppError(error) ? ` ${error.code}` : '';
  const stack =
    error instanceof Error ? (error.stack ?? '').split('\n').slice(0, 6).join('\n') : '';
  return {
    jobId,
    ok: false,
    code: null,
    message: `${description}:${code} ${String(error)}\n${stack}`,
  };
}
