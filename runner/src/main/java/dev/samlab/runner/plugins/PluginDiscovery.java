package dev.samlab.runner.plugins;

import dev.samlab.api.PluginProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds providers with {@link ServiceLoader}: first on the class path, then in each jar of a plugins folder,
 * each jar in a class loader of its own so that one broken jar cannot hide the others.
 */
public final class PluginDiscovery {

    private PluginDiscovery() {}

    /**
     * @param pluginsFolder jars to load besides the class path; need not exist
     *                      (plugins of one kind that share a name, or a config type, are kept as conflicts: see
     *                      {@link PluginRegistry#conflicts()})
     */
    public static PluginRegistry discover(ClassLoader classPath, Path pluginsFolder) {
        List<Plugin> found = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            load(kind, classPath, null, found, warnings);
        }
        for (Path jar : jarsIn(pluginsFolder, warnings)) {
            ClassLoader loader = openJar(jar, classPath, warnings);
            if (loader == null) {
                continue;
            }
            int warningsBefore = warnings.size();
            List<Plugin> fromJar = new ArrayList<>();
            for (PluginKind kind : PluginKind.values()) {
                load(kind, loader, jar, fromJar, warnings);
            }
            if (warnings.size() > warningsBefore) {
                continue; // a jar with a broken provider is skipped whole
            }
            if (fromJar.isEmpty()) {
                warnings.add(jar + ": holds no SamLab plugin (no META-INF/services entry for "
                        + PluginKind.OPTIMIZER.serviceType().getName() + " or the model and dataset providers)");
            }
            found.addAll(fromJar);
        }
        return new PluginRegistry(found, warnings, pluginsFolder);
    }

    /** Loads the providers of one kind that {@code loader} itself defines ({@code jar} null: the class path). */
    private static void load(PluginKind kind, ClassLoader loader, Path jar, List<Plugin> found, List<String> warnings) {
        var providers = ServiceLoader.load(kind.serviceType(), loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    return;
                }
                PluginProvider<?> provider = providers.next();
                if (jar == null || provider.getClass().getClassLoader() == loader) {
                    found.add(new Plugin(
                            kind, nameOf(provider), provider, sourceOf(provider.getClass(), jar), versionOf(provider)));
                }
            } catch (ServiceConfigurationError | LinkageError | BrokenProviderException e) {
                warnings.add((jar == null ? "class path" : jar.toString()) + ": cannot load the " + kind.label()
                        + " plugin it lists: " + describe(e));
                if (jar == null) {
                    continue; // the class path's other providers are still worth loading
                }
                return;
            }
        }
    }

    /** A provider that cannot say its name or config type is skipped like one that cannot be loaded. */
    private static String nameOf(PluginProvider<?> provider) {
        String name;
        try {
            name = provider.name();
            if (provider.configType() == null) {
                throw new BrokenProviderException(provider, "its configType() returned null");
            }
        } catch (RuntimeException e) {
            throw e instanceof BrokenProviderException broken
                    ? broken
                    : new BrokenProviderException(provider, "its name() or configType() threw " + e);
        }
        if (name == null || name.isBlank() || !name.equals(name.strip())) {
            throw new BrokenProviderException(
                    provider,
                    "its name() returned " + (name == null ? "null" : "'" + name + "'")
                            + "; expected a name such as 'adam'");
        }
        return name;
    }

    private static final class BrokenProviderException extends RuntimeException {
        BrokenProviderException(PluginProvider<?> provider, String problem) {
            super(provider.getClass().getName() + ": " + problem);
        }
    }

    private static ClassLoader openJar(Path jar, ClassLoader parent, List<String> warnings) {
        if (!Files.isRegularFile(jar)) { // opening a FIFO would wait for a writer, forever
            warnings.add(jar + ": not a regular file (a FIFO, a device, a folder); not opened");
            return null;
        }
        try (JarFile ignored = new JarFile(jar.toFile())) {
            return new URLClassLoader(
                    "plugin " + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
        } catch (IOException e) {
            warnings.add(jar + ": not a readable jar (" + describe(e) + ")");
            return null;
        }
    }

    private static List<Path> jarsIn(Path folder, List<String> warnings) {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            warnings.add(folder + ": cannot list the plugins folder (" + describe(e) + ")");
            return List.of();
        }
    }

    private static String sourceOf(Class<?> type, Path jar) {
        if (jar != null) {
            return jar.toString();
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        try {
            return source == null
                    ? "built in"
                    : Path.of(source.getLocation().toURI()).toString();
        } catch (Exception e) {
            return source.getLocation().toString();
        }
    }

    private static String versionOf(PluginProvider<?> provider) {
        String version = provider.getClass().getPackage().getImplementationVersion();
        return version == null ? "unversioned" : version;
    }

    private static String describe(Throwable e) {
        StringBuilder text =
                new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
        }
        return text.toString();
    }
}
