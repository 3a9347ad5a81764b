package io.linewatch.capture.source;

/** A capture source could not go on; the message is meant for the operator, as is. */
public class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
