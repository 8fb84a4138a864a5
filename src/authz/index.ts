/** Access control (S3_ENFORCE_ACCESS): identity, bucket policies, ACLs, Block Public Access, Object Ownership. */
export { runAuthorized } from './run-authorized.ts';
export { OPERATION_ACTIONS, type ActionSpec } from './actions.ts';
export { canonicalIdOf } from './canonical-id.ts';
export { anonymousMayRead } from './authorize.ts';
