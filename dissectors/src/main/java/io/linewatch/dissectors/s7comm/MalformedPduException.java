package io.linewatch.dissectors.s7comm;

/**
 * A PDU that cannot be decoded. Thrown only inside this package's decoders and caught by
 * {@link S7commDissector}, which turns it into a counted malformed record; never leaves the dissector.
 */
final class MalformedPduException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedPduException(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
