package dev.samlab.models;

import static org.junit.jupiter.api.Named.named;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.ModelContext;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.models.mlp.MlpConfig;
import dev.samlab.models.mlp.MlpProvider;
import dev.samlab.models.resnet.ResNetConfig;
import dev.samlab.models.resnet.ResNetProvider;
import dev.samlab.testkit.ModelContract;
import dev.samlab.testkit.ModelContract.Spec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in models keep the test kit's model contract, in double precision at sizes small enough to check: one
 * test per check, so that a failure names it.
 */
class ModelContractTest {

    static Stream<Named<Spec>> models() {
        ImageShape gray = new ImageShape(1, 3, 3);
        ModelContext grayContext = new ModelContext(gray, 3, 5);
        MlpProvider mlp = new MlpProvider();
        ImageShape small = new ImageShape(3, 6, 6);
        ModelContext smallContext = new ModelContext(small, 3, 7);
        ResNetProvider resnet = new ResNetProvider();
        return Stream.of(
                named(
                        "MLP with batch norm, grayscale",
                        Spec.of(() -> mlp.create(new MlpConfig(List.of(6), true, "double"), grayContext), gray, 3)
                                .checkingEveryEntry()
                                .withRoles(ParameterRole.values())
                                .withOtherArchitecture(
                                        () -> mlp.create(new MlpConfig(List.of(7), true, "double"), grayContext))),
                named(
                        "MLP without batch norm, grayscale",
                        Spec.of(() -> mlp.create(new MlpConfig(List.of(5, 4), false, "double"), grayContext), gray, 3)
                                .checkingEveryEntry()
                                .withRoles(ParameterRole.WEIGHT, ParameterRole.BIAS)
                                .withOtherArchitecture(
                                        () -> mlp.create(new MlpConfig(List.of(5), false, "double"), grayContext))),
                // every tensor at its first and last entry, to ResidualFamilyTest's tolerance: every entry takes
                // minutes (ResidualFamilyTest and InferenceObjectiveTest sample more)
                named(
                        "ResNet-8 B",
                        Spec.of(
                                        () -> resnet.create(new ResNetConfig(8, "B", 2, "double", null), smallContext),
                                        small,
                                        3)
                                .withEntriesPerTensor(2)
                                .withGradientTolerance(1e-6, 1e-4)
                                .withRoles(ParameterRole.values())
                                .withOtherArchitecture(() ->
                                        resnet.create(new ResNetConfig(8, "B", 4, "double", null), smallContext))));
    }

    @ParameterizedTest
    @MethodSource("models")
    void parameterRolesPresent(Spec spec) {
        ModelContract.assertParameterRolesPresent(spec);
    }

    @ParameterizedTest
    @MethodSource("models")
    void parametersAreLiveViews(Spec spec) {
        ModelContract.assertParametersAreLiveViews(spec);
    }

    @ParameterizedTest
    @MethodSource("models")
    void countsCleanLabels(Spec spec) {
        ModelContract.assertCountsCleanLabels(spec);
    }

    @ParameterizedTest
    @MethodSource("models")
    void gradientsMatch(Spec spec) {
        ModelContract.assertGradientsMatch(spec);
    }

    @ParameterizedTest
    @MethodSource("models")
    void batchNormModes(Spec spec) {
        ModelContract.assertBatchNormModes(spec);
    }

    @ParameterizedTest
    @MethodSource("models")
    void inferenceObjectiveAgreesWithEvaluate(Spec spec) {
        ModelContract.assertInferenceObjectiveAgreesWithEvaluate(spec);
    }

    @ParameterizedTest
    @MethodSource("models")
    void exampleLossesAndSubsets(Spec spec) {
        ModelContract.assertExampleLossesAndSubsets(spec);
    }

    @ParameterizedTest
    @MethodSource("models")
    void saveLoadRoundTrip(Spec spec) {
        ModelContract.assertSaveLoadRoundTrip(spec);
    }

    @ParameterizedTest
    @MethodSource("models")
    void loadRefusesForeignState(Spec spec) {
        ModelContract.assertLoadRefusesForeignState(spec);
    }
}
