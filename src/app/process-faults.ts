/**
 * Process-level faults: a promise rejected with no handler, or an exception thrown with no catch. bin/ owns the
 * process listeners (it is the only code that touches the process) and hands each fault to the handler the running
 * service registered; the service logs it (secrets scrubbed), counts it, and for an uncaught exception begins the
 * bounded shutdown.
 */
export type ProcessFaultKind = 'unhandled_rejection' | 'uncaught_exception';

export type ProcessFaultHandler = (kind: ProcessFaultKind, error: unknown) => void;

/** Registers the handler for the process's faults; returns a function that removes it again. */
export type OnProcessFault = (handler: ProcessFaultHandler) => () => void;
