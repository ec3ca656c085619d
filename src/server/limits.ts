/** The server's limits, in one place: what a client may send, and how much at once. */

/** Request bodies and WebSocket messages from a client. */
export const BODY_LIMIT = '64kb';
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Rows whose actions one `POST /api/actions` may ask for: a screenful, with room to spare. */
export const ACTIONS_BATCH_MAX = 200;
/** The most one `GET /api/journal` page (and one `/live` catch-up) sends; ask again for more. */
export const JOURNAL_PAGE_BYTES = 1024 * 1024;
/**
 * What a client may have queued on its connection, answers included: bytes not yet taken by the
 * client, and requests sent ahead without waiting for answers (HTTP pipelining). A client past
 * either is not served any more: its connection is closed.
 */
export const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
export const MAX_PIPELINED = 32;
