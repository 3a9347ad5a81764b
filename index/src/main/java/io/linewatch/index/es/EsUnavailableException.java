package io.linewatch.index.es;

/** A whole request failed for a reason that may pass (node down, timeout, overload); retried with backoff. */
final class EsUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    EsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
