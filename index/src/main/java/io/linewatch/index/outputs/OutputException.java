package io.linewatch.index.outputs;

/** An output that cannot be set up (bad address, unreadable CA file): one line for the operator. */
public final class OutputException extends Exception {
    private static final long serialVersionUID = 1L;

    public OutputException(String message) {
        super(message);
    }
}
