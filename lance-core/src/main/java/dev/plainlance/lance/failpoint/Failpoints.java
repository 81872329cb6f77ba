package dev.plainlance.lance.failpoint;

/**
 * The switch that failpoints report to. With no handler installed {@link #hit} is a single volatile read, so
 * failpoints cost nothing measurable in production. A handler may throw (an injected crash) or halt the JVM.
 *
 * <p>The handler is process-wide: tests that install one must not run concurrently with other tests that do.
 */
public final class Failpoints {
    private static volatile FailpointHandler handler;

    private Failpoints() {}

    /** Reports that execution reached {@code point}. */
    public static void hit(Failpoint point) {
        FailpointHandler current = handler;
        if (current != null) {
            current.reached(point);
        }
    }

    /**
     * Installs {@code newHandler} until the returned scope is closed, which restores the previous handler.
     * Scopes must be closed in reverse order of installation.
     */
    public static Scope install(FailpointHandler newHandler) {
        FailpointHandler previous = handler;
        handler = newHandler;
        return () -> handler = previous;
    }

    /** An installed handler; closing it uninstalls it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
