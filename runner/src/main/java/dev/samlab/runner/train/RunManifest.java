package dev.samlab.runner.train;

import dev.samlab.runner.data.LabelNoiseCount;
import dev.samlab.runner.plugins.Plugin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What built a run, as its checkpoint records it beside the resolved config: the SamLab that wrote it, each plugin
 * that built the dataset, the model and the optimizers, with its version and jar, and what label noise did to its
 * data. A checkpoint copied away from its run folder still says what it is.
 *
 * @param samlab     SamLab's version
 * @param plugins    in the order they were first used
 * @param labelNoise the labels {@code dataset.labelNoise} changed; null without label noise
 */
public record RunManifest(String samlab, List<PluginUse> plugins, LabelNoiseCount labelNoise) {

    /**
     * @param kind    dataset, model or optimizer
     * @param jar     the file name of the jar (or class folder) it was loaded from
     */
    public record PluginUse(String kind, String name, String version, String jar) {

        static PluginUse of(Plugin plugin) {
            Path source = Path.of(plugin.source()).getFileName();
            return new PluginUse(
                    plugin.kind().label(),
                    plugin.name(),
                    plugin.version(),
                    source == null ? plugin.source() : source.toString());
        }

        @Override
        public String toString() {
            return kind + " " + name + " " + version + " (" + jar + ")";
        }
    }

    public RunManifest {
        plugins = List.copyOf(plugins);
    }

    /** The manifest of a run built by {@code used}, whose data has no label noise. */
    public static RunManifest of(List<Plugin> used) {
        return new RunManifest(samlabVersion(), used.stream().map(PluginUse::of).toList(), null);
    }

    public RunManifest withLabelNoise(Optional<LabelNoiseCount> count) {
        return new RunManifest(samlab, plugins, count.orElse(null));
    }

    /** The runner jar's Implementation-Version; "development build" when run from classes. */
    public static String samlabVersion() {
        String version = RunManifest.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    /**
     * What differs from {@code now}, the manifest of the code about to use the checkpoint: one line per plugin or
     * version that changed, empty when the same software built both.
     */
    public List<String> changesTo(RunManifest now) {
        List<String> changes = new ArrayList<>();
        if (!samlab.equals(now.samlab)) {
            changes.add("SamLab " + samlab + ", now " + now.samlab);
        }
        for (PluginUse then : plugins) {
            now.plugins.stream()
                    .filter(p -> p.kind.equals(then.kind) && p.name.equals(then.name))
                    .findFirst()
                    .filter(p -> !Objects.equals(p.version, then.version))
                    .ifPresent(p -> changes.add(then.kind + " " + then.name + " " + then.version + ", now " + p.version
                            + " (" + p.jar + ")"));
        }
        return changes;
    }
}
