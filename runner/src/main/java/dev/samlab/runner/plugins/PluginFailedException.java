package dev.samlab.runner.plugins;

/**
 * A plugin failed to create what its config asks for, with an exception of its own rather than an
 * {@link dev.samlab.api.InvalidConfigException}: a fault of the plugin or of what it needs (a GPU, a library), which
 * no change to the config is known to fix, so the run fails as any other would.
 */
public final class PluginFailedException extends RuntimeException {

    PluginFailedException(Plugin plugin, String path, Throwable failure) {
        super(
                plugin.kind().label() + " plugin '" + plugin.name() + "' from " + plugin.source() + " failed to create "
                        + path + ": " + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()),
                failure);
    }
}
