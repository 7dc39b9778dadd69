package dev.samlab.runner.config;

/** A config the run cannot start with; {@link #path()} is the full key, such as {@code optimizer.base.lr}. */
public final class ConfigException extends RuntimeException {

    private final String path;

    public ConfigException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** The same problem, with {@code hint} added: what else the user should know to fix it. */
    public ConfigException withHint(String hint) {
        return new ConfigException(
                path, (path.isEmpty() ? getMessage() : getMessage().substring(path.length() + 2)) + "; " + hint);
    }
}
