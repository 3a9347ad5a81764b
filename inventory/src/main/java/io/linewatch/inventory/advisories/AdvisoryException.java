package io.linewatch.inventory.advisories;

/** An advisory file or folder that cannot be used; the message names the file and says why. */
public final class AdvisoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public AdvisoryException(String message) {
        super(message);
    }
}
