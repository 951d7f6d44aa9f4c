let enabled = false;

/** Whether anomaly detection is on (`torch.is_anomaly_enabled()`). */
export function isAnomalyEnabled(): boolean {
  return enabled;
}

/**
 * `torch.autograd.set_detect_anomaly(mode)`: when on, the backward pass checks every gradient a node
 * returns and throws, naming the node, as soon as one contains NaN.
 */
export function setDetectAnomaly(mode: boolean): void {
  enabled = mode;
}

/** Runs `fn` with anomaly detection on (`with torch.autograd.detect_anomaly():`). */
export function detectAnomaly<T>(fn: () => T): T {
  const prev = enabled;
  enabled = true;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}
