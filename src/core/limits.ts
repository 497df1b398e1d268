/**
 * Size limits shared by the server, its adapters, the recording proxy and the
 * tester: one constant each, so `--help`, the server and the docs agree.
 */

/** The largest request body the reference server (`scimctl serve --max-body` default) and the recording proxy accept. */
export const MAX_REQUEST_BODY_BYTES = 2 * 1024 * 1024;

/** The largest response body the tester reads before it stops with BODY_TOO_LARGE. */
export const MAX_RESPONSE_BODY_BYTES = 5 * 1024 * 1024;
