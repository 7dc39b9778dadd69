package dev.samlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.testkit.ModelContract.Spec;
import dev.samlab.testkit.TinyClassifier.Flaw;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The model contract holds for a correct hand-written model, and each of its checks fails a model that breaks it. */
class ModelContractTest {

    /** Two channels, so that the batches follow the input's shape. */
    private static final ImageShape SHAPE = new ImageShape(2, 2, 2);

    private static final int CLASSES = 3;

    /** Tiny classifiers with or without batch norm, each with its own weights. */
    private static Spec spec(boolean norm, Flaw... flaws) {
        AtomicLong seeds = new AtomicLong();
        return Spec.of(() -> new TinyClassifier(SHAPE, CLASSES, norm, seeds.incrementAndGet(), flaws), SHAPE, CLASSES)
                .checkingEveryEntry()
                .withRoles(
                        norm
                                ? new ParameterRole[] {
                                    ParameterRole.WEIGHT, ParameterRole.NORM_SCALE, ParameterRole.NORM_SHIFT
                                }
                                : new ParameterRole[] {ParameterRole.WEIGHT, ParameterRole.BIAS})
                .withOtherArchitecture(() -> new TinyClassifier(SHAPE, CLASSES + 1, norm, 9));
    }

    private static void assertFails(Consumer<Spec> check, Spec spec, String message) {
        assertThatThrownBy(() -> check.accept(spec))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(message);
    }

    @Test
    void aCorrectModelKeepsTheContractWithAndWithoutBatchNorm() {
        ModelContract.assertHolds(spec(true));
        ModelContract.assertHolds(spec(false));
        ModelContract.assertHolds(
                spec(true).withExamples(5).withEntriesPerTensor(2).withGradientTolerance(1e-6, 1e-4));
    }

    @Test
    void aModelWithoutAnInferenceObjectiveKeepsItIfDeclaredAndOnlyThen() {
        ModelContract.assertHolds(spec(true, Flaw.NO_INFERENCE_OBJECTIVE).withoutInferenceObjective());

        assertFails(
                ModelContract::assertInferenceObjectiveAgreesWithEvaluate,
                spec(true, Flaw.NO_INFERENCE_OBJECTIVE),
                "declare a model without one with Spec.withoutInferenceObjective()");
        assertFails(
                ModelContract::assertInferenceObjectiveAgreesWithEvaluate,
                spec(true).withoutInferenceObjective(),
                "drop withoutInferenceObjective()");
    }

    @Test
    void theGradientCheckFailsAWrongEntryByItsIndexAnAccumulatingGradientAndFloats() {
        // W is [8 inputs, 3 classes]; the flaw is in its last entry
        assertFails(ModelContract::assertGradientsMatch, spec(false, Flaw.WRONG_GRADIENT), "gradient of W[7, 2]");
        assertFails(ModelContract::assertGradientsMatch, spec(true, Flaw.WRONG_GRADIENT), "gradient of W[7, 2]");
        assertFails(
                ModelContract::assertGradientsMatch,
                spec(false, Flaw.GRADIENT_ACCUMULATES),
                "each evaluation overwrites the gradients");
        assertFails(ModelContract::assertGradientsMatch, spec(false, Flaw.FLOAT), "needs a double-precision model");
    }

    @Test
    void theBatchNormCheckFailsEachWayOfMixingUpTheModes() {
        assertFails(
                ModelContract::assertBatchNormModes,
                spec(true, Flaw.TRAINING_USES_RUNNING_MEAN),
                "training mode must use the batch's own");
        assertFails(
                ModelContract::assertBatchNormModes,
                spec(true, Flaw.EVERY_PASS_MOVES_BUFFERS),
                "later evaluations of the same step (only its first moves the running statistics) changed buffer 0");
        assertFails(
                ModelContract::assertBatchNormModes,
                spec(true, Flaw.EVALUATE_MOVES_BUFFERS),
                "evaluate and predict changed buffer 0 of 1");
        assertFails(
                ModelContract::assertBatchNormModes,
                spec(true, Flaw.HIDDEN_BUFFER),
                "a training evaluation of a model without buffers (running statistics belong in buffers()) changed"
                        + " the model's saved state");
    }

    @Test
    void theCleanLabelCheckFailsAModelThatCountsOnlyAgainstTheTargets() {
        assertFails(
                ModelContract::assertCountsCleanLabels,
                spec(true, Flaw.IGNORES_CLEAN_LABELS),
                "evaluate: cleanCorrect summed over clean labels set to each class in turn");
    }

    @Test
    void theInferenceObjectiveCheckFailsOneThatUsesTheBatchStatistics() {
        assertFails(
                ModelContract::assertInferenceObjectiveAgreesWithEvaluate,
                spec(true, Flaw.INFERENCE_OBJECTIVE_USES_BATCH_MEAN),
                "the inference objective's loss against evaluate's");
    }

    @Test
    void theExampleLossCheckFailsLossesOffOrOutOfOrderAndSubsetsOfOtherExamples() {
        assertFails(
                ModelContract::assertExampleLossesAndSubsets,
                spec(true, Flaw.EXAMPLE_LOSSES_OFF),
                "the mean of exampleLosses() against the objective's loss");
        assertFails(
                ModelContract::assertExampleLossesAndSubsets,
                spec(true, Flaw.EXAMPLE_LOSSES_REVERSED),
                "(losses come in batch order)");
        assertFails(
                ModelContract::assertExampleLossesAndSubsets,
                spec(false, Flaw.SUBSET_IGNORES_INDICES),
                "subset([4, 1, 5])'s loss against the objective of those examples alone");
        assertFails(
                ModelContract::assertExampleLossesAndSubsets,
                spec(true, Flaw.SUB_BATCH_IGNORES_FROM),
                "subBatch(1, 5)'s loss against the objective of those examples alone");
    }

    @Test
    void theSaveLoadChecksFailAForgottenParameterAnyArchitectureAndReplacedViews() {
        assertFails(
                ModelContract::assertSaveLoadRoundTrip, spec(true, Flaw.SAVE_FORGETS_A_PARAMETER), "beta after load");
        assertFails(ModelContract::assertSaveLoadRoundTrip, spec(false, Flaw.SAVE_FORGETS_A_PARAMETER), "b after load");
        assertFails(
                ModelContract::assertLoadRefusesForeignState,
                spec(true, Flaw.LOAD_ACCEPTS_ANY_ARCHITECTURE),
                "loading the saved state of another architecture succeeded");
        assertFails(
                ModelContract::assertLoadRefusesForeignState,
                spec(false, Flaw.LOAD_THROWS_UNCHECKED),
                "loading the first half of a saved state threw java.lang.RuntimeException: java.io.EOFException"
                        + " instead of an IOException");
        assertFails(
                ModelContract::assertSaveLoadRoundTrip,
                spec(true, Flaw.LOAD_REPLACES_VIEWS),
                "W after load, in the view handed out before it");
    }

    @Test
    void theParameterChecksFailMissingRolesAndCopiedParameters() {
        assertFails(
                ModelContract::assertParameterRolesPresent,
                spec(true, Flaw.EVERYTHING_A_WEIGHT),
                "the roles among the parameters {W=WEIGHT, gamma=WEIGHT, beta=WEIGHT}");
        assertFails(
                ModelContract::assertParametersAreLiveViews,
                spec(true, Flaw.PARAMETERS_COPIED),
                "W in a later parameters() after a write to the one before");
    }

    @Test
    void gradientCheckComparesEveryEntryOrFiveByTheirFullIndex() {
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 4, 5);
        List<long[]> sampled = GradientCheck.entries(w, GradientCheck.SAMPLED, new Random(1));
        assertThat(sampled).hasSize(5);
        assertThat(sampled.get(0)).containsExactly(0, 0);
        assertThat(sampled.get(1)).containsExactly(3, 4);
        assertThat(GradientCheck.entries(w, 0, new Random(1))).hasSize(20);
        assertThat(GradientCheck.entries(w, 2, new Random(1))).hasSize(2);
        assertThat(GradientCheck.relativeError(1.0, 1.1, 1e-8)).isCloseTo(0.1 / 2.1, within(1e-15));
        assertThat(GradientCheck.relativeError(1e-12, 0, 1e-8)).isCloseTo(1e-4, within(1e-15));
    }

    @Test
    void randomBatchesFollowTheShapeAndAreReproducible() {
        var batch = RandomBatch.of(5, new ImageShape(1, 3, 4), 7, DataType.DOUBLE, 2);
        assertThat(batch.features().shape()).containsExactly(5, 1, 3, 4);
        assertThat(batch.targets().shape()).containsExactly(5, 7);
        assertThat(batch.targets().sum(1).toDoubleVector()).containsOnly(1.0);
        assertThat(RandomBatch.of(5, new ImageShape(1, 3, 4), 7, DataType.DOUBLE, 2))
                .isEqualTo(batch);
        assertThat(RandomBatch.of(2, 4, 3, DataType.FLOAT, 1).features().shape())
                .containsExactly(2, 3, 4, 4);
        try (Model model = new TinyClassifier(SHAPE, CLASSES, true, 1)) {
            assertThat(model.predict(RandomBatch.of(3, SHAPE, CLASSES, DataType.DOUBLE, 1)
                                    .features())
                            .shape())
                    .containsExactly(3, CLASSES);
        }
    }
}
