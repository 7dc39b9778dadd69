package dev.samlab.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.data.DataContext;
import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.datasets.synthetic.SyntheticConfig;
import dev.samlab.models.mlp.MlpConfig;
import dev.samlab.optim.adam.AdamConfig;
import dev.samlab.optim.sam.GsamConfig;
import dev.samlab.optim.sgd.SgdConfig;
import dev.samlab.runner.plugins.PluginDiscovery;
import dev.samlab.runner.plugins.PluginFactory;
import dev.samlab.runner.plugins.PluginRegistry;
import dev.samlab.runner.testplugins.WrapperProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final PluginRegistry REGISTRY =
            PluginDiscovery.discover(ConfigLoaderTest.class.getClassLoader(), null);
    private static final String VALID = """
            name: quick
            seed: 7
            model:     { name: mlp, hidden: [32, 16] }
            dataset:   { name: synthetic, trainSize: 100, testSize: 50 }
            optimizer: { name: adam, lr: 0.01 }
            training:  { epochs: 2, batchSize: 25 }
            """;

    private final ConfigLoader loader = new ConfigLoader(REGISTRY);

    @TempDir
    Path folder;

    private RunConfig load(String yaml, String... overrides) throws IOException {
        Path file = folder.resolve("run.yaml");
        Files.writeString(file, yaml);
        return loader.load(file, List.of(overrides));
    }

    private void assertRejected(String yaml, String expectedMessage) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).hasMessage(expectedMessage);
    }

    @Test
    void bindsEachPluginSectionToItsPluginsRecordWithDefaultsFilledIn() throws IOException {
        RunConfig config = load(VALID);

        assertThat(config.name()).isEqualTo("quick");
        assertThat(config.seed()).isEqualTo(7);
        assertThat(config.model()).isEqualTo(new MlpConfig(List.of(32, 16), false, "float"));
        assertThat(config.dataset()).isEqualTo(new SyntheticConfig(100, 50, 10, 48.0, 2021L, null, null, null));
        assertThat(config.optimizer()).isEqualTo(new AdamConfig(0.01, 0.9, 0.999, 1e-8, 0.0, true));
        assertThat(config.training())
                .isEqualTo(new TrainingConfig(2, 25, 0.0, "constant", 0.0, List.of(), 0.1, 0, null));
    }

    @Test
    void readsJsonToo() throws IOException {
        Path file = folder.resolve("run.json");
        Files.writeString(file, """
                {"model": {"name": "mlp"}, "dataset": {"name": "synthetic"}, "optimizer": {"name": "adam"}}""");

        RunConfig config = loader.load(file, List.of());

        assertThat(config.name()).as("defaults to the file name").isEqualTo("run");
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.optimizer()).isEqualTo(new AdamConfig());
    }

    @Test
    void aPluginNameAloneStandsForItsSectionWithDefaults() throws IOException {
        RunConfig config = load(VALID.replace("{ name: adam, lr: 0.01 }", "adam"));

        assertThat(config.optimizer()).isEqualTo(new AdamConfig());
    }

    @Test
    void resolvedConfigReadsBackAsTheSameConfig() throws IOException {
        RunConfig config = load(VALID);

        String resolved = loader.toYaml(config);

        assertThat(resolved).contains("name: adam").contains("lr: 0.01").contains("beta2: 0.999");
        assertThat(load(resolved)).isEqualTo(config);
    }

    @Test
    void overridesSetNestedKeysWithTypedValues() throws IOException {
        RunConfig config = load(
                VALID,
                "optimizer.lr=0.5",
                "training.epochs=9",
                "model.hidden=[8]",
                "dataset.testLimit=20",
                "optimizer.decoupled=false");

        assertThat(((AdamConfig) config.optimizer()).lr()).isEqualTo(0.5);
        assertThat(((AdamConfig) config.optimizer()).decoupled()).isFalse();
        assertThat(config.training().epochs()).isEqualTo(9);
        assertThat(((MlpConfig) config.model()).hidden()).containsExactly(8);
        assertThat(config.dataset().testLimit()).isEqualTo(20);
    }

    @Test
    void overridesSetKeysOfASectionWrittenAsItsShorthandName() throws IOException {
        String shorthand = VALID.replaceAll("optimizer:.*\n", "optimizer: adam\n");

        RunConfig config = load(shorthand, "optimizer.lr=0.05");

        assertThat(((AdamConfig) config.optimizer()).lr()).isEqualTo(0.05);
        assertThat(load(shorthand, "optimizer=sgd").optimizer().getClass().getSimpleName())
                .isEqualTo("SgdConfig");
    }

    @Test
    void overridesCanSwapAPlugin() throws IOException {
        RunConfig config = load(VALID, "optimizer={name: wrapper, base: {name: adam, lr: 0.2}}");

        assertThat(config.optimizer())
                .isEqualTo(new WrapperProvider.Config(new AdamConfig(0.2, null, null, null, null, null), 1.0));
    }

    @Test
    void badOverridesAreReportedWithTheirKey() {
        assertThatThrownBy(() -> load(VALID, "optimizer.lr"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set optimizer.lr: expected key=value, such as optimizer.lr=0.01");
        assertThatThrownBy(() -> load(VALID, "seed.x=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set seed.x: seed is a value (7), not a section with keys");
        assertThatThrownBy(() -> load(VALID, "optimizer.lrr=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("optimizer.lrr: unknown key");
        assertThatThrownBy(() -> load(VALID, "training.epochs="))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set training.epochs: no value after '='; give one, such as training.epochs=3, or"
                        + " training.epochs=null for the default");
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingItInYamlAndJson() throws IOException {
        assertRejected(
                VALID.replace("lr: 0.01 }", "lr: 0.01, lr: 0.1 }"),
                "optimizer.lr: given twice in " + folder.resolve("run.yaml")
                        + " (the second time on line 5); keep one");
        assertRejected(
                VALID + "seed: 8\n",
                "seed: given twice in " + folder.resolve("run.yaml") + " (the second time on line 7); keep one");
        Path json = Files.writeString(folder.resolve("run.json"), """
                {"model": {"name": "mlp", "hidden": [8], "hidden": [16]},
                 "dataset": {"name": "synthetic"}, "optimizer": {"name": "adam"}}""");
        assertThatThrownBy(() -> loader.load(json, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("model.hidden: given twice in " + json + " (the second time on line 1); keep one");
    }

    @Test
    void badLabelNoiseIsRefusedNamingItsKey() {
        String noisy = VALID.replace("testSize: 50 }", "testSize: 50, labelNoise: %s }");
        assertRejected(
                noisy.formatted("{ fraction: 1.0 }"),
                "dataset.labelNoise.fraction: must be in [0, 1) (the probability that a training label is changed),"
                        + " got 1.0");
        assertRejected(
                noisy.formatted("{ seed: 3 }"),
                "dataset.labelNoise.fraction: missing: the probability that a training label is changed, in [0, 1)");
        assertRejected(
                noisy.formatted("{ fraction: 0.2, kind: pairflip }"),
                "dataset.labelNoise.kind: expected symmetric or asymmetric, got 'pairflip'");
        assertRejected(
                noisy.formatted("{ fraction: 0.2, map: { a: b } }"),
                "dataset.labelNoise.map: only asymmetric noise has a class map");
        assertThatThrownBy(() -> load(noisy.formatted("{ fraction: 0.2, fractoin: 0.3 }")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("dataset.labelNoise.fractoin: unknown key");
    }

    @Test
    void aYamlAliasIsNamedAsSuchNotAsATypeError() {
        assertRejected(
                VALID.replace("hidden: [32, 16]", "hidden: &widths [32, 16]")
                        .replace("epochs: 2,", "epochs: 2, milestones: *widths,"),
                folder.resolve("run.yaml") + ": line 6: milestones: '*widths' is a YAML alias; SamLab reads values as"
                        + " written, without anchors and aliases: write the value out");
    }

    @Test
    void aFolderGivenAsTheConfigIsNamedAsSuch() {
        assertThatThrownBy(() -> loader.load(folder, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(folder + ": is a folder; expected a config file (YAML, or JSON for .json), such as"
                        + " examples/mlp-synthetic-adam.yaml");
    }

    @Test
    void sizesThatCannotBeAllocatedAreRefusedUpFront() throws IOException {
        assertRejected(
                VALID.replace("trainSize: 100", "trainSize: 2000000000"),
                "dataset.trainSize: must be in"
                        + " [1, 699,050] (a split's 32x32x3 images are kept in one array of at most 2 GiB), got 2000000000");
        RunConfig huge = load(VALID.replace("hidden: [32, 16]", "hidden: [2000000000]"));
        PluginFactory plugins = new PluginFactory(REGISTRY, new DataContext(List.of(), folder));
        assertThatThrownBy(() -> plugins.model(huge.model(), new ModelContext(new ImageShape(3, 32, 32), 10, 1)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(
                        "model.hidden: the network would have 6,166,000,000,010 parameters; with"
                                + " their gradients and an optimizer's two moments that needs at least 91880.6 GiB, more than the")
                .hasMessageContaining("this JVM may use (raise it with SAMLAB_JAVA_OPTS=");
    }

    @Test
    void unknownKeyNamesItsPathTheKnownKeysAndTheLikelyOne() {
        assertRejected(
                VALID.replace("lr: 0.01", "lrr: 0.01"),
                "optimizer.lrr: unknown key; expected one of: "
                        + "beta1, beta2, decoupled, eps, lr, weightDecay; did you mean 'lr'?");
        assertRejected(
                VALID + "optimiser: {}\n",
                "optimiser: unknown key; expected one of: dataset, model, name, "
                        + "optimizer, seed, training; did you mean 'optimizer'?");
    }

    @Test
    void unknownPluginListsTheInstalledOnesAndTheLikelyOne() {
        assertRejected(
                VALID.replace("name: adam", "name: adma"),
                "optimizer.name: unknown optimizer 'adma'; installed optimizers: adam, asam, esam, fisher-sam, friendly-sam, gcsam, gsam, lookbehind-asam, lookbehind-sam, looksam, momentum-sam, multistep-sam, poison, sam, sgd, vasso, wrapper, wsam, zsharp; did you mean 'adam'?");
        assertRejected(
                VALID.replace("name: mlp", "name: resnt20"),
                "model.name: unknown model 'resnt20'; installed models: mlp, resnet, resnet20, wrn; did you mean 'resnet20'?");
        assertRejected(
                VALID.replace("name: mlp", "name: vgg16"),
                "model.name: unknown model 'vgg16'; installed models: mlp, resnet, resnet20, wrn");
        assertRejected(
                VALID.replace("{ name: adam, lr: 0.01 }", "{ lr: 0.01 }"),
                "optimizer.name: missing: say which optimizer to use; installed optimizers: adam, asam, esam, fisher-sam, friendly-sam, gcsam, gsam, lookbehind-asam, lookbehind-sam, looksam, momentum-sam, multistep-sam, poison, sam, sgd, vasso, wrapper, wsam, zsharp");
    }

    @Test
    void missingSectionSaysWhatToAdd() {
        assertRejected(
                VALID.replace("model:     { name: mlp, hidden: [32, 16] }\n", ""),
                "model: missing: add a section naming the model, such as model: { name: mlp }; installed: mlp, resnet, resnet20, wrn");
    }

    @Test
    void wrongTypesNameTheValueAndWhatWasExpected() {
        assertRejected(VALID.replace("lr: 0.01", "lr: fast"), "optimizer.lr: expected a number, got 'fast'");
        assertRejected(
                VALID.replace("batchSize: 25", "batchSize: 12.5"),
                "training.batchSize: expected a whole number, got '12.5'");
        assertRejected(
                VALID.replace("hidden: [32, 16]", "hidden: 32"), "model.hidden: expected a list, such as [1, 2]");
        assertRejected(
                VALID.replace("{ name: adam, lr: 0.01 }", "[adam]"),
                "optimizer: expected a section naming the optimizer, such as { name: adam }, got [\"adam\"]");
    }

    @Test
    void valuesOutOfRangeAreReportedByThePluginUnderTheirFullPath() {
        assertRejected(VALID.replace("lr: 0.01", "lr: -1"), "optimizer.lr: must be > 0, got -1.0");
        assertRejected(
                VALID.replace("hidden: [32, 16]", "hidden: [32, 0]"),
                "model.hidden[1]: a layer width must be > 0, got 0");
        assertRejected(VALID.replace("epochs: 2", "epochs: 0"), "training.epochs: must be > 0, got 0");
        assertRejected(
                VALID.replace("testSize: 50", "testSize: 50, trainLimit: 0"),
                "dataset.trainLimit: must be > 0 (the number of images to keep), got 0");
    }

    @Test
    void nestedPluginSectionsReportTheirErrorsUnderTheNestedPath() {
        String wrapped = VALID.replace("{ name: adam, lr: 0.01 }", "{ name: wrapper, base: { name: adam, lr: 0.01 } }");

        assertRejected(wrapped.replace("lr: 0.01", "lr: 0"), "optimizer.base.lr: must be > 0, got 0.0");
        assertRejected(
                wrapped.replace("lr: 0.01", "beta3: 0"),
                "optimizer.base.beta3: unknown key; expected one of: "
                        + "beta1, beta2, decoupled, eps, lr, weightDecay; did you mean 'beta1'?");
        assertRejected(
                wrapped.replace("name: adam", "name: adamw"),
                "optimizer.base.name: unknown optimizer 'adamw'; installed optimizers: adam, asam, esam, fisher-sam, friendly-sam, gcsam, gsam, lookbehind-asam, lookbehind-sam, looksam, momentum-sam, multistep-sam, poison, sam, sgd, vasso, wrapper, wsam, zsharp; did you mean 'adam'?");
        assertRejected(
                VALID.replace("{ name: adam, lr: 0.01 }", "{ name: wrapper }"),
                "optimizer.base: missing: the optimizer to wrap");
    }

    @Test
    void pluginRefusingItsNestedOptimizerIsReportedUnderItsPath() throws IOException {
        RunConfig config = load(VALID.replace(
                "{ name: adam, lr: 0.01 }", "{ name: wrapper, base: { name: wrapper, base: { name: adam } } }"));
        PluginFactory factory = new PluginFactory(REGISTRY, new DataContext(List.of(), folder));

        assertThatThrownBy(() -> factory.optimizer(config.optimizer(), 32, 0))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("optimizer.base: must be a first-order optimizer such as adam");
    }

    @Test
    void samRefusesBasesItCannotDriveAndMThatDoesNotDivideTheBatch() throws IOException {
        PluginFactory factory = new PluginFactory(REGISTRY, new DataContext(List.of(), folder));

        RunConfig samAroundSam = load(
                VALID.replace("{ name: adam, lr: 0.01 }", "{ name: sam, base: { name: sam, base: { name: adam } } }"));
        assertThatThrownBy(() -> factory.optimizer(samAroundSam.optimizer(), 25, 0))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("optimizer.base: must be a first-order optimizer such as sgd or adam");
        RunConfig samAroundAsam = load(
                VALID.replace("{ name: adam, lr: 0.01 }", "{ name: sam, base: { name: asam, base: { name: sgd } } }"));
        assertThatThrownBy(() -> factory.optimizer(samAroundAsam.optimizer(), 25, 0))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("optimizer.base: must be a first-order optimizer such as sgd or adam");
        RunConfig badM = load(VALID.replace("{ name: adam, lr: 0.01 }", "{ name: asam, m: 10, base: { name: sgd } }"));
        assertThatThrownBy(() -> factory.optimizer(badM.optimizer(), 25, 0))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("optimizer.m: must divide training.batchSize (25), got 10");
        assertRejected(
                VALID.replace("{ name: adam, lr: 0.01 }", "{ name: sam, rho: -0.1, base: { name: sgd } }"),
                "optimizer.rho: must be >= 0 (0 means the base optimizer alone), got -0.1");
        assertRejected(
                VALID.replace("{ name: adam, lr: 0.01 }", "{ name: asam, eta: -1, base: { name: sgd } }"),
                "optimizer.eta: must be >= 0, got -1.0");
    }

    @Test
    void theKeysEverySharpnessAwareMethodTakesAreWrittenBesideItsOwnAndReadBack() throws IOException {
        RunConfig config = load(VALID.replace(
                "{ name: adam, lr: 0.01 }",
                "{ name: gsam, alpha: 0.3, rho: 0.1,"
                        + " perturb: [norm_scale, norm_shift], every: 2, startEpoch: 1, rhoSchedule: learningRate,"
                        + " rhoMin: 0.02, base: { name: sgd } }"));

        assertThat(config.optimizer())
                .isEqualTo(new GsamConfig(
                        new SgdConfig(),
                        0.3,
                        new SharpnessKeys(
                                0.1,
                                null,
                                1e-12,
                                0.0,
                                List.of("norm_scale", "norm_shift"),
                                2,
                                1.0,
                                1,
                                "learningRate",
                                0.02)));
        String written = loader.toYaml(config);
        assertThat(written)
                .contains("rho: 0.1")
                .contains("every: 2")
                .contains("epsilon: 1.0E-12")
                .doesNotContain("sharpness");
        Path again = folder.resolve("again.yaml");
        Files.writeString(again, written);
        assertThat(loader.load(again, List.of())).isEqualTo(config);
    }

    @Test
    void theSharedKeysAreCheckedAsStrictlyAsAMethodsOwn() {
        String sam = VALID.replace("{ name: adam, lr: 0.01 }", "{ name: sam, rho: 0.1, base: { name: sgd } }");

        assertRejected(
                sam.replace("rho: 0.1", "rhoo: 0.1"),
                "optimizer.rhoo: unknown key; expected one of: base,"
                        + " epsilon, every, lossWeightDecay, m, name, perturb, probability, rho, rhoMin, rhoSchedule,"
                        + " startEpoch; did you mean 'rho'?");
        assertRejected(
                sam.replace("rho: 0.1", "perturb: [weight, bais]"),
                "optimizer.perturb[1]: unknown role 'bais'; expected some of: weight, bias, norm_scale, norm_shift");
        assertRejected(
                sam.replace("rho: 0.1", "every: 0"),
                "optimizer.every: must be >= 1 (the second pass every k-th step; 1 is every step), got 0");
        assertRejected(sam.replace("rho: 0.1", "rho: fast"), "optimizer.rho: expected a number, got 'fast'");
        assertRejected(
                sam.replace("{ name: sgd }", "{ name: sgd, lrr: 1 }"),
                "optimizer.base.lrr: unknown key;"
                        + " expected one of: dampening, lr, momentum, nesterov, weightDecay; did you mean 'lr'?");
    }

    @Test
    void keysAMethodRefusesAreNotListedAmongItsKeys() throws IOException {
        String lookSam = VALID.replace("{ name: adam, lr: 0.01 }", "{ name: looksam, rho: 0.1, base: { name: sgd } }");

        assertRejected(
                lookSam.replace("rho: 0.1", "rhoo: 0.1"),
                "optimizer.rhoo: unknown key; expected one of: alpha, base,"
                        + " epsilon, every, lossWeightDecay, name, perturb, probability, rho, rhoMin, rhoSchedule,"
                        + " startEpoch; did you mean 'rho'?");
        assertRejected(
                lookSam.replace("rho: 0.1", "m: 4"),
                "optimizer.m: LookSAM keeps one flat direction per step, so it takes no m-sharpness");
        assertThat(loader.toYaml(load(lookSam))).contains("every: 5").doesNotContainPattern("\\bm:");
    }

    @Test
    void syntaxErrorsNameTheFileAndLine() {
        assertThatThrownBy(() -> load("model: { name: mlp\noptimizer: [\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.yaml: not valid YAML (line");
        assertThatThrownBy(() -> load("- just\n- a list\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run.yaml: expected a config with keys");
        assertThatThrownBy(() -> loader.load(folder.resolve("absent.yaml"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("absent.yaml: no such config file");
    }
}
