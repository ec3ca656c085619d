/** The server's limits, in one place: what a client may send, and how much at once. */

/** Request bodies and WebSocket messages from a client. */
export const BODY_LIMIT = '64kb';
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Rows whose actions one `POST /api/actions` may ask for: a screenful, with room to spare. */
export const ACTIONS_BATCH_MAX = 200;
