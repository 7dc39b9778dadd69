package dev.samlab.runner.plugins;

import dev.samlab.api.PluginProvider;

/**
 * A discovered provider and where it came from.
 *
 * @param source  the jar (or class folder) that holds the provider class
 * @param version the jar's Implementation-Version, or "unversioned"
 */
public record Plugin(PluginKind kind, PluginProvider<?> provider, String source, String version) {

    public String name() {
        return provider.name();
    }
}
