// Public face of the nightly pipeline.
export { runPipeline, lockPathFor, type PipelineOptions, type PipelineResult, type PipelineHooks, type Notice, type Outcome } from './run.ts';
export type { FileEntry, FileError, Scope } from './runs.ts';
export { acquireDatabaseLock, acquireLock, LockHeldError, runLockHolder, type Lock, type LockHolder } from './lock.ts';
export { openRunLog, logPathFor, memoryLog, type RunLog, type LogEntry } from './log.ts';
export { silentProgress, terminalProgress, type Progress } from './progress.ts';
export { stopOnSignals, type StopSignals } from './signals.ts';
export type { ReportWriter, ReportFiles } from './report-step.ts';
export { listInbox, listFor, profileFor, REJECTED_DIR } from './inbox.ts';
export { writeFacts, readFacts, factsPathFor, type InboxFacts } from './facts.ts';
