/** A record's writable form, for code that builds one field by field or owns it (the stores). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
