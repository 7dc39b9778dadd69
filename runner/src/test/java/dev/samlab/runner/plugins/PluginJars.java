package dev.samlab.runner.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds real plugin jars for tests: compiles the given sources against the test class path and packs them. */
public final class PluginJars {

    /** A third-party optimizer: plain SGD, compiled against the API alone. */
    public static final Map<String, String> SGD_SOURCES = Map.of(
            "thirdparty/SgdConfig.java", """
                    package thirdparty;
                    public record SgdConfig(Double lr) implements dev.samlab.api.optimizer.OptimizerConfig {
                        public SgdConfig { lr = lr == null ? 0.1 : lr; }
                    }
                    """,
            "thirdparty/SgdProvider.java", """
                    package thirdparty;
                    import dev.samlab.api.model.Parameter;
                    import dev.samlab.api.optimizer.*;
                    public final class SgdProvider implements OptimizerProvider<SgdConfig> {
                        public String name() { return "plain-sgd"; }
                        public String description() { return "w -= lr * g"; }
                        public Class<SgdConfig> configType() { return SgdConfig.class; }
                        public Optimizer create(SgdConfig config, OptimizerContext context) {
                            return new FirstOrderOptimizer() {
                                public void update(dev.samlab.api.model.Parameters parameters, StepContext step) {
                                    for (Parameter p : parameters) {
                                        p.value().subi(p.gradient().mul(config.lr() * step.learningRateFactor()));
                                    }
                                }
                                public java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> state() {
                                    return java.util.Map.of();
                                }
                                public void restoreState(java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> s) {
                                }
                            };
                        }
                    }
                    """);

    /** A plugin that claims the built-in name "adam". */
    public static final Map<String, String> SECOND_ADAM_SOURCES = Map.of(
            "impostor/AdamAgainConfig.java", """
                    package impostor;
                    public record AdamAgainConfig(Double lr) implements dev.samlab.api.optimizer.OptimizerConfig {}
                    """,
            "impostor/AdamAgain.java", """
                    package impostor;
                    import dev.samlab.api.optimizer.*;
                    public final class AdamAgain implements OptimizerProvider<AdamAgainConfig> {
                        public String name() { return "adam"; }
                        public String description() { return "another adam"; }
                        public Class<AdamAgainConfig> configType() { return AdamAgainConfig.class; }
                        public Optimizer create(AdamAgainConfig config, OptimizerContext context) {
                            throw new UnsupportedOperationException();
                        }
                    }
                    """);

    /** Providers whose {@code name()} returns null and throws: bugs a third-party jar may ship. */
    public static final Map<String, String> BROKEN_NAME_SOURCES = Map.of(
            "broken/Nameless.java", """
                    package broken;
                    import dev.samlab.api.optimizer.*;
                    public final class Nameless implements OptimizerProvider<OptimizerConfig> {
                        public String name() { return null; }
                        public String description() { return "no name"; }
                        public Class<OptimizerConfig> configType() { return OptimizerConfig.class; }
                        public Optimizer create(OptimizerConfig config, OptimizerContext context) {
                            throw new UnsupportedOperationException();
                        }
                    }
                    """,
            "broken/Throwing.java", """
                    package broken;
                    import dev.samlab.api.optimizer.*;
                    public final class Throwing implements OptimizerProvider<OptimizerConfig> {
                        public String name() { throw new IllegalStateException("not configured"); }
                        public String description() { return "throws"; }
                        public Class<OptimizerConfig> configType() { return OptimizerConfig.class; }
                        public Optimizer create(OptimizerConfig config, OptimizerContext context) {
                            throw new UnsupportedOperationException();
                        }
                    }
                    """);

    /** Optimizers that fail when created: one throws, one misses a class it needs (as a jar built without it). */
    public static final Map<String, String> FAILING_SOURCES = Map.of(
            "failing/CrashingConfig.java", """
                    package failing;
                    public record CrashingConfig(Double lr) implements dev.samlab.api.optimizer.OptimizerConfig {}
                    """,
            "failing/Crashing.java", """
                    package failing;
                    import dev.samlab.api.optimizer.*;
                    public final class Crashing implements OptimizerProvider<CrashingConfig> {
                        public String name() { return "crashing"; }
                        public String description() { return "throws when created"; }
                        public Class<CrashingConfig> configType() { return CrashingConfig.class; }
                        public Optimizer create(CrashingConfig config, OptimizerContext context) {
                            throw new IllegalStateException("needs a GPU, found none");
                        }
                    }
                    """,
            "failing/UnlinkedConfig.java", """
                    package failing;
                    public record UnlinkedConfig(Double lr) implements dev.samlab.api.optimizer.OptimizerConfig {}
                    """,
            "failing/Unlinked.java", """
                    package failing;
                    import dev.samlab.api.optimizer.*;
                    public final class Unlinked implements OptimizerProvider<UnlinkedConfig> {
                        public String name() { return "unlinked"; }
                        public String description() { return "misses a class when created"; }
                        public Class<UnlinkedConfig> configType() { return UnlinkedConfig.class; }
                        public Optimizer create(UnlinkedConfig config, OptimizerContext context) {
                            throw new NoClassDefFoundError("org/cuda/Driver");
                        }
                    }
                    """);

    private PluginJars() {}

    /** Compiles {@code sources} and writes a jar with a service file listing {@code providers}. */
    public static Path build(Path jar, Map<String, String> sources, String serviceType, List<String> providers)
            throws IOException {
        Path work = Files.createTempDirectory(jar.getParent(), "build");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toString());
        }
        Path classes = Files.createDirectories(work.resolve("classes"));
        if (!files.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> arguments = new ArrayList<>(List.of(
                    "--release", "17", "-d", classes.toString(), "-classpath", System.getProperty("java.class.path")));
            arguments.addAll(files);
            if (javac.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("test plugin sources do not compile");
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "9.9.9");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> compiled = Files.walk(classes)) {
            for (Path file : compiled.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
            if (serviceType != null) {
                out.putNextEntry(new JarEntry("META-INF/services/" + serviceType));
                out.write((String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A file named like a jar that is not one. */
    public static Path garbage(Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar)) {
            out.write("this is not a zip file".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }
}
