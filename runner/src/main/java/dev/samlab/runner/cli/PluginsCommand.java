package dev.samlab.runner.cli;

import dev.samlab.runner.plugins.Plugin;
import dev.samlab.runner.plugins.PluginOptions;
import dev.samlab.runner.plugins.PluginRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code samlab plugins}: what can be named in a config, and where each plugin came from. */
@Command(
        name = "plugins",
        mixinStandardHelpOptions = true,
        description = {
            "List every optimizer, model and dataset plugin found: its name (what a config writes),"
                    + " kind, version and the jar it came from.",
            "Plugins are found on the class path and in the jars of the plugins folder."
        })
final class PluginsCommand implements Callable<Integer> {

    @Mixin
    private PluginOptions plugins;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PluginRegistry registry = plugins.discover();
        PrintWriter out = spec.commandLine().getOut();
        List<Plugin> all = registry.all();
        int nameWidth =
                Math.max(4, all.stream().mapToInt(p -> p.name().length()).max().orElse(0));
        int versionWidth = Math.max(
                7, all.stream().mapToInt(p -> p.version().length()).max().orElse(0));
        String row = "%-9s  %-" + nameWidth + "s  %-" + versionWidth + "s  %s%n";
        out.printf(row, "KIND", "NAME", "VERSION", "SOURCE");
        for (Plugin plugin : all) {
            out.printf(row, plugin.kind().label(), plugin.name(), plugin.version(), plugin.source());
            out.printf("%-9s  %s%n", "", describe(plugin));
        }
        if (!registry.conflicts().isEmpty()) {
            out.printf("%nCONFLICTS: configs that name these are refused until one of each pair is removed%n");
            registry.conflicts().forEach((name, conflict) -> out.printf("%s: %s%n", name, conflict.getMessage()));
        }
        out.flush();
        return 0;
    }

    private static String describe(Plugin plugin) {
        try {
            return plugin.provider().description();
        } catch (RuntimeException e) {
            return "(its description() failed: " + e + ")";
        }
    }
}
