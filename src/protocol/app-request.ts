/**
 * What the app reads of a request. A fetch Request is one (tests and in-process callers pass
 * those); the HTTP front passes its own (src/server/http1/front-request.ts), which costs no native
 * Request and keeps the method and URL exactly as sent.
 */
export type AppRequest = Pick<Request, 'method' | 'url' | 'headers' | 'body' | 'bytes'>;
