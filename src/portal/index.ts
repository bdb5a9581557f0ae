// Public face of the web portal.
export { buildPortal, type PortalOptions } from './server.ts';
export { ensureSecret } from './secret.ts';
export { createUser, listUsers, disableUser, setPassword, type NewUser } from './users.ts';
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './password.ts';
export { checkUploadName, safeName } from './file-name.ts';
export { PipelineRunner, type RunnerState } from './runner.ts';
export type { User, Role } from './types.ts';
