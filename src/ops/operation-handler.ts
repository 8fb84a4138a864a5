/**
 * The shape of an operation: group files type their tables with it and registry.ts collects them.
 * It lives apart from the registry so that no group file imports the module that imports it.
 */
import type { RequestContext } from '../core/context.ts';
import type { OperationInputs, OperationName, OperationOutputs } from '../protocol/generated/types.ts';

export type OperationHandler<K extends OperationName> = (
  ctx: RequestContext,
  input: OperationInputs[K],
) => Promise<OperationOutputs[K]>;

export type OperationHandlers = { readonly [K in OperationName]?: OperationHandler<K> };
