package io.linewatch.rules;

/** Rules or maintenance windows could not be loaded; the message names the file and the problem. */
public class RulesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RulesException(String message) {
        super(message);
    }

    public RulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
