// Placeholder until codegen writes the model-derived table (src/protocol/generated/).
export const ERROR_DEFAULTS: Readonly<Record<string, { readonly status: number; readonly message: string }>> = {};
