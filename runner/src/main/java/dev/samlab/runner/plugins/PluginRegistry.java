package dev.samlab.runner.plugins;

import dev.samlab.api.PluginProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Every plugin found, by kind and name, and the problems met while looking for them. */
public final class PluginRegistry {

    private final Map<PluginKind, TreeMap<String, Plugin>> plugins = new EnumMap<>(PluginKind.class);
    private final List<String> warnings;

    PluginRegistry(Collection<Plugin> found, List<String> warnings) {
        for (PluginKind kind : PluginKind.values()) {
            plugins.put(kind, new TreeMap<>());
        }
        for (Plugin plugin : found) {
            Plugin previous = plugins.get(plugin.kind()).putIfAbsent(plugin.name(), plugin);
            if (previous != null) {
                throw new PluginConflictException(previous, plugin, "named '" + plugin.name() + "'");
            }
            plugins.get(plugin.kind()).values().stream()
                    .filter(other -> other != plugin && other.provider().configType() == plugin.provider().configType())
                    .findFirst().ifPresent(other -> {
                        throw new PluginConflictException(other, plugin,
                                "configured by the same record " + plugin.provider().configType().getName());
                    });
        }
        this.warnings = List.copyOf(warnings);
    }

    /** All plugins, grouped by kind, each group sorted by name. */
    public List<Plugin> all() {
        List<Plugin> all = new ArrayList<>();
        plugins.values().forEach(group -> all.addAll(group.values()));
        return all;
    }

    public Optional<Plugin> find(PluginKind kind, String name) {
        return Optional.ofNullable(plugins.get(kind).get(name));
    }

    /** The provider whose config record is {@code configType}. */
    public <P extends PluginProvider<?>> P providerFor(PluginKind kind, Class<?> configType, Class<P> providerType) {
        return plugins.get(kind).values().stream().map(Plugin::provider)
                .filter(p -> p.configType() == configType).findFirst().map(providerType::cast)
                .orElseThrow(() -> new IllegalStateException("no " + kind.label() + " plugin is configured by "
                        + configType.getName()));
    }

    public SortedSet<String> names(PluginKind kind) {
        return new TreeSet<>(plugins.get(kind).keySet());
    }

    /** Jars that could not be loaded, and why. */
    public List<String> warnings() {
        return warnings;
    }
}
