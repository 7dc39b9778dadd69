package dev.samlab.runner.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.samlab.api.optimizer.OptimizerProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class PluginDiscoveryTest {

    private static final String OPTIMIZER_SERVICE = OptimizerProvider.class.getName();

    @TempDir
    Path folder;

    private PluginRegistry discover() {
        return PluginDiscovery.discover(getClass().getClassLoader(), folder);
    }

    @Test
    void findsTheBuiltInPluginsOnTheClassPathWithTheirSources() {
        PluginRegistry registry = PluginDiscovery.discover(getClass().getClassLoader(), folder.resolve("absent"));

        assertThat(registry.names(PluginKind.OPTIMIZER)).contains("adam");
        assertThat(registry.names(PluginKind.MODEL)).contains("mlp");
        assertThat(registry.names(PluginKind.DATASET)).contains("synthetic", "cifar10");
        assertThat(registry.find(PluginKind.OPTIMIZER, "adam").orElseThrow().source())
                .contains("adam-plugin");
        assertThat(registry.warnings()).isEmpty();
    }

    @Test
    void loadsAThirdPartyJarFromThePluginsFolder() throws IOException {
        Path jar = PluginJars.build(
                folder.resolve("sgd.jar"),
                PluginJars.SGD_SOURCES,
                OPTIMIZER_SERVICE,
                List.of("thirdparty.SgdProvider"));

        Plugin sgd = discover().find(PluginKind.OPTIMIZER, "plain-sgd").orElseThrow();

        assertThat(sgd.source()).isEqualTo(jar.toString());
        assertThat(sgd.version()).isEqualTo("9.9.9");
        assertThat(sgd.provider().getClass().getClassLoader())
                .isNotSameAs(getClass().getClassLoader());
    }

    @Test
    void aBrokenJarIsSkippedWithAWarningAndTheOthersStillLoad() throws IOException {
        PluginJars.build(
                folder.resolve("a-broken.jar"), Map.of(), OPTIMIZER_SERVICE, List.of("missing.NoSuchProvider"));
        PluginJars.garbage(folder.resolve("b-garbage.jar"));
        PluginJars.build(folder.resolve("c-empty.jar"), Map.of(), null, List.of());
        PluginJars.build(
                folder.resolve("d-sgd.jar"),
                PluginJars.SGD_SOURCES,
                OPTIMIZER_SERVICE,
                List.of("thirdparty.SgdProvider"));

        PluginRegistry registry = discover();

        assertThat(registry.names(PluginKind.OPTIMIZER)).contains("adam", "plain-sgd");
        assertThat(registry.warnings()).hasSize(3);
        assertThat(registry.warnings().get(0))
                .startsWith(folder.resolve("a-broken.jar").toString())
                .contains("cannot load the optimizer plugin it lists")
                .contains("missing.NoSuchProvider");
        assertThat(registry.warnings().get(1))
                .startsWith(folder.resolve("b-garbage.jar").toString())
                .contains("not a readable jar");
        assertThat(registry.warnings().get(2))
                .startsWith(folder.resolve("c-empty.jar").toString())
                .contains("holds no SamLab plugin");
    }

    @Test
    void twoPluginsWithOneNameBlockOnlyThatNameNamingBothJars() throws IOException {
        Path impostor = PluginJars.build(
                folder.resolve("impostor.jar"),
                PluginJars.SECOND_ADAM_SOURCES,
                OPTIMIZER_SERVICE,
                List.of("impostor.AdamAgain"));
        String builtIn = PluginDiscovery.discover(getClass().getClassLoader(), null)
                .find(PluginKind.OPTIMIZER, "adam")
                .orElseThrow()
                .source();

        PluginRegistry registry = discover();

        assertThatThrownBy(() -> registry.find(PluginKind.OPTIMIZER, "adam"))
                .isInstanceOf(PluginConflictException.class)
                .hasMessageContaining("two optimizer plugins are named 'adam'")
                .hasMessageContaining(builtIn)
                .hasMessageContaining(impostor.toString());
        assertThat(registry.names(PluginKind.OPTIMIZER)).doesNotContain("adam").contains("sgd", "sam");
        assertThat(registry.find(PluginKind.OPTIMIZER, "sgd")).isPresent();
        assertThat(registry.conflicts()).containsOnlyKeys("optimizer adam");
    }

    @Test
    void aProviderWhoseNameIsNullOrThrowsSkipsItsJarWithAWarningNamingIt() throws IOException {
        Path nameless = PluginJars.build(
                folder.resolve("a-nameless.jar"),
                PluginJars.BROKEN_NAME_SOURCES,
                OPTIMIZER_SERVICE,
                List.of("broken.Nameless"));
        Path throwing = PluginJars.build(
                folder.resolve("b-throwing.jar"),
                PluginJars.BROKEN_NAME_SOURCES,
                OPTIMIZER_SERVICE,
                List.of("broken.Throwing"));
        PluginJars.build(
                folder.resolve("c-sgd.jar"),
                PluginJars.SGD_SOURCES,
                OPTIMIZER_SERVICE,
                List.of("thirdparty.SgdProvider"));

        PluginRegistry registry = discover();

        assertThat(registry.names(PluginKind.OPTIMIZER)).contains("adam", "plain-sgd");
        assertThat(registry.warnings()).hasSize(2);
        assertThat(registry.warnings().get(0))
                .startsWith(nameless.toString())
                .contains("broken.Nameless: its name() returned null");
        assertThat(registry.warnings().get(1))
                .startsWith(throwing.toString())
                .contains("broken.Throwing: its name() or configType() threw java.lang.IllegalStateException: not"
                        + " configured");
    }

    @Test
    void aFifoNamedLikeAJarIsSkippedWithAWarningInsteadOfOpenedAndTheOtherJarsStillLoad()
            throws IOException, InterruptedException {
        Path fifo = folder.resolve("a-fifo.jar");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            throw new TestAbortedException("no mkfifo here: " + e.getMessage());
        }
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo cannot make a FIFO here");
        PluginJars.build(
                folder.resolve("b-sgd.jar"),
                PluginJars.SGD_SOURCES,
                OPTIMIZER_SERVICE,
                List.of("thirdparty.SgdProvider"));

        // opening a FIFO waits for a writer that never comes
        PluginRegistry registry = assertTimeoutPreemptively(Duration.ofSeconds(10), this::discover);

        assertThat(registry.names(PluginKind.OPTIMIZER)).contains("adam", "plain-sgd");
        assertThat(registry.warnings())
                .containsExactly(fifo + ": not a regular file (a FIFO, a device, a folder); not opened");
    }

    @Test
    void aMissingPluginsFolderIsNotAnError() {
        assertThat(PluginDiscovery.discover(getClass().getClassLoader(), folder.resolve("nope"))
                        .warnings())
                .isEmpty();
        assertThat(Files.exists(folder.resolve("nope"))).isFalse();
    }
}
