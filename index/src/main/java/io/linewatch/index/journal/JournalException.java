package io.linewatch.index.journal;

/** The journal could not store something (full disk, permissions); the message names the file. */
public class JournalException extends io.linewatch.model.SinkFailure {
    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
