/** The messages between the server thread and the MD5 worker (md5-worker.ts, md5-offload.ts). */

/** Server -> worker. Chunk buffers are transferred, not copied; each is sent back in its `hashed`. */
export type Md5Request =
  | { readonly kind: 'chunk'; readonly job: number; readonly buffer: ArrayBuffer; readonly length: number }
  | { readonly kind: 'end'; readonly job: number }
  | { readonly kind: 'abort'; readonly job: number };

/** Worker -> server, in the order the requests were sent. */
export type Md5Reply =
  | { readonly kind: 'hashed'; readonly job: number; readonly buffer: ArrayBuffer }
  | { readonly kind: 'digest'; readonly job: number; readonly md5: Uint8Array };
