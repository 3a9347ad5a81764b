package io.linewatch.dissectors.common;

/**
 * Bytes that do not fit the layout being read. Thrown by {@link ByteReader} and caught by the protocol's
 * decoder, which turns it into a message that carries the reason (the one error style of the dissectors:
 * nothing thrown past a decoder). Stackless: it is input, not a bug.
 */
public final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DecodeException(String reason) {
        super(reason, null, false, false);
    }

    /** A short snake_case or plain reason, e.g. {@code "cip_path_truncated"}. */
    public String reason() {
        return getMessage();
    }
}
