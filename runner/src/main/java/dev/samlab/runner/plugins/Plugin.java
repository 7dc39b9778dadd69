package dev.samlab.runner.plugins;

import dev.samlab.api.PluginProvider;

/**
 * A discovered provider and where it came from.
 *
 * @param name    what a config writes to pick it; asked of the provider once, when it is discovered
 * @param source  the jar (or class folder) that holds the provider class
 * @param version the jar's Implementation-Version, or "unversioned"
 */
public record Plugin(PluginKind kind, String name, PluginProvider<?> provider, String source, String version) {}
