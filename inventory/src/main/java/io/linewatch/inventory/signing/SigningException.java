package io.linewatch.inventory.signing;

/** A key or signature that cannot be used (missing, unreadable, malformed, too open); the message says which and why. */
public final class SigningException extends Exception {
    private static final long serialVersionUID = 1L;

    public SigningException(String message) {
        super(message);
    }
}
