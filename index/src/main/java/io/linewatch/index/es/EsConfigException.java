package io.linewatch.index.es;

/**
 * Elasticsearch cannot be used with the given settings (bad URL, unreachable at start-up, credentials
 * refused, certificate not trusted). The message is one line an operator can act on and never contains a
 * secret.
 */
public class EsConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public EsConfigException(String message) {
        super(message);
    }

    public EsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
