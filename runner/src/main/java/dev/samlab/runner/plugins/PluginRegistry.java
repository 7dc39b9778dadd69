package dev.samlab.runner.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every plugin found, by kind and name, and the problems met while looking for them. Plugins of one kind that
 * share a name (or a config record) are conflicts: a config naming one of them is refused, and every other plugin
 * works as usual.
 */
public final class PluginRegistry {

    private final Map<PluginKind, TreeMap<String, Plugin>> plugins = new EnumMap<>(PluginKind.class);
    private final Map<PluginKind, TreeMap<String, PluginConflictException>> conflicts = new EnumMap<>(PluginKind.class);
    private final List<String> warnings;
    private final Path folder;

    PluginRegistry(Collection<Plugin> found, List<String> warnings, Path folder) {
        this.folder = folder;
        for (PluginKind kind : PluginKind.values()) {
            plugins.put(kind, new TreeMap<>());
            conflicts.put(kind, new TreeMap<>());
        }
        for (Plugin plugin : found) {
            Plugin previous = plugins.get(plugin.kind()).putIfAbsent(plugin.name(), plugin);
            if (previous != null) {
                conflict(previous, plugin, "named '" + plugin.name() + "'");
            }
            plugins.get(plugin.kind()).values().stream()
                    .filter(other -> other != plugin
                            && other.provider().configType()
                                    == plugin.provider().configType())
                    .findFirst()
                    .ifPresent(other -> conflict(
                            other,
                            plugin,
                            "configured by the same record "
                                    + plugin.provider().configType().getName()));
        }
        conflicts.forEach((kind, names) -> names.keySet().forEach(plugins.get(kind)::remove));
        this.warnings = List.copyOf(warnings);
    }

    private void conflict(Plugin first, Plugin second, String clash) {
        PluginConflictException conflict = new PluginConflictException(first, second, clash);
        conflicts.get(first.kind()).putIfAbsent(first.name(), conflict);
        conflicts.get(second.kind()).putIfAbsent(second.name(), conflict);
    }

    /** The plugins folder jars were looked for in; empty when only the class path was searched. */
    public Optional<Path> folder() {
        return Optional.ofNullable(folder);
    }

    /** All usable plugins, grouped by kind, each group sorted by name. */
    public List<Plugin> all() {
        List<Plugin> all = new ArrayList<>();
        plugins.values().forEach(group -> all.addAll(group.values()));
        return all;
    }

    /**
     * @throws PluginConflictException if more than one plugin of the kind answers to the name
     */
    public Optional<Plugin> find(PluginKind kind, String name) {
        requireNoConflict(kind, name);
        return Optional.ofNullable(plugins.get(kind).get(name));
    }

    /** @throws PluginConflictException if more than one plugin of the kind answers to the name */
    public void requireNoConflict(PluginKind kind, String name) {
        PluginConflictException conflict = conflicts.get(kind).get(name);
        if (conflict != null) {
            throw conflict;
        }
    }

    /** The plugin whose config record is {@code configType}. */
    public Plugin configuredBy(PluginKind kind, Class<?> configType) {
        return plugins.get(kind).values().stream()
                .filter(p -> p.provider().configType() == configType)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no " + kind.label() + " plugin is configured by " + configType.getName()));
    }

    /** The names a config can use: conflicting names excluded. */
    public SortedSet<String> names(PluginKind kind) {
        return new TreeSet<>(plugins.get(kind).keySet());
    }

    /** Each conflicting name, by kind and name, with the conflict that makes it unusable. */
    public Map<String, PluginConflictException> conflicts() {
        Map<String, PluginConflictException> all = new LinkedHashMap<>();
        conflicts.forEach(
                (kind, names) -> names.forEach((name, conflict) -> all.put(kind.label() + " " + name, conflict)));
        return all;
    }

    /** Jars that could not be loaded, and why. */
    public List<String> warnings() {
        return warnings;
    }
}
