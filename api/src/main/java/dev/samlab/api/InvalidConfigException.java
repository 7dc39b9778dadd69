package dev.samlab.api;

/**
 * A config value a plugin cannot accept. {@link #field()} is the key relative to the section the plugin was
 * configured from ({@code rho}); the runner prefixes the section's path ({@code optimizer.rho}) when it
 * reports the error, so plugins never need to know where they were configured.
 */
public class InvalidConfigException extends RuntimeException {

    private final String field;
    private final String problem;

    public InvalidConfigException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** Throws unless {@code condition} holds. */
    public static void check(boolean condition, String field, String problem) {
        if (!condition) {
            throw new InvalidConfigException(field, problem);
        }
    }

    /** The same problem, seen from the enclosing section: {@code lr} under {@code base} becomes {@code base.lr}. */
    public InvalidConfigException under(String parentField) {
        InvalidConfigException moved = new InvalidConfigException(parentField + "." + field, problem);
        moved.setStackTrace(getStackTrace());
        return moved;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
