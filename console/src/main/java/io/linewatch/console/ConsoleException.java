package io.linewatch.console;

/** The console cannot start (state folder, certificate, tokens, port); the message says which and why. */
public final class ConsoleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConsoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
