package dev.plainlance.lance.expr;

/**
 * A runtime error while evaluating a bound expression over a batch: division by zero, integer
 * overflow, an invalid cast of a value (e.g. {@code CAST('abc' AS INT)}), or a value that does not
 * fit the requested target column type.
 */
public final class ExpressionEvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExpressionEvaluationException(String message) {
        super(message);
    }

    public ExpressionEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
