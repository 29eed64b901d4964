import { describe, expect, it } from 'vitest';
import { parseFaultInjection } from '../../src/daemon/fault-injection.js';
import { isAppError } from '../../src/shared/errors.js';

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return null;
}

describe('parseFaultInjection', () => {
  it.each([undefined, ''])('returns no hook for %j', (value) => {
    expect(parseFaultInjection(value)).toBeUndefined();
  });

  it('returns a hook for a named step', () => {
    expect(typeof parseFaultInjection('crash:after-rename')).toBe('function');
  });

  it('ignores the steps before the named one', () => {
    const hook = parseFaultInjection('crash:before-done');

    expect(() => {
      hook?.('after-intent');
      hook?.('after-dir-fsync');
    }).not.toThrow();
  });

  it.each(['crash:after-lunch', 'after-rename', 'hang:after-rename'])('rejects %j', (value) => {
    const error = catchError(() => parseFaultInjection(value));

    expect(isAppError(error) ? error.code : error).toBe('E_USAGE');
  });
});
