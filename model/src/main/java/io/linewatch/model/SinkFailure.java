package io.linewatch.model;

/**
 * A sink ({@link EventSink}, the journal behind it) could not store a document: a full disk, a permission. Not the
 * fault of whoever emitted the document, so code that contains its own faults (the dissector registry turns a
 * dissector's exception into a malformed record) lets this one pass to the run, which stops with its one line.
 */
public class SinkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SinkFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
