package io.linewatch.inventory.report;

/** A report that cannot be built; the message names the file and says why, in one line. */
public final class ReportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }
}
