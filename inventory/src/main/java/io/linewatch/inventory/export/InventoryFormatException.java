package io.linewatch.inventory.export;

/** An inventory file that cannot be read; the message names the file and says why. */
public final class InventoryFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public InventoryFormatException(String message) {
        super(message);
    }
}
