let enabled = true;

/** Whether operations are being recorded for autograd right now (`torch.is_grad_enabled()`). */
export function isGradEnabled(): boolean {
  return enabled;
}

/** `torch.set_grad_enabled(mode)`. */
export function setGradEnabled(mode: boolean): void {
  enabled = mode;
}

function withMode<T>(mode: boolean, fn: () => T): T {
  const prev = enabled;
  enabled = mode;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    enabled = prev;
    throw e;
  }
  if (result instanceof Promise) {
    // Async bodies keep the mode until they settle; don't interleave them with grad-mode-sensitive work.
    return result.finally(() => {
      enabled = prev;
    }) as T;
  }
  enabled = prev;
  return result;
}

/**
 * Runs `fn` without recording autograd history (`with torch.no_grad():`).
 * @example
 * const y = torch.noGrad(() => w.mul(2)); // y.requiresGrad === false
 */
export function noGrad<T>(fn: () => T): T {
  return withMode(false, fn);
}

/** Runs `fn` with autograd recording on, even inside {@link noGrad} (`with torch.enable_grad():`). */
export function enableGrad<T>(fn: () => T): T {
  return withMode(true, fn);
}
