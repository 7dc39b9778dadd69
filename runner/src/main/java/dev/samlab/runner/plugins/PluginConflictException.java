package dev.samlab.runner.plugins;

/** Two plugins of one kind cannot be told apart: they share a name, so a config naming it would be ambiguous. */
public final class PluginConflictException extends RuntimeException {

    PluginConflictException(Plugin first, Plugin second, String clash) {
        super("two " + first.kind().label() + " plugins are " + clash + ": "
                + first.provider().getClass().getName() + " from " + first.source() + " and "
                + second.provider().getClass().getName() + " from " + second.source()
                + "; remove one of them from the plugins folder");
    }
}
