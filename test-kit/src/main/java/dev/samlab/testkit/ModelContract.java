package dev.samlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlab.api.data.ImageShape;
import dev.samlab.api.model.Batch;
import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Model;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What every model plugin keeps, checked on small random batches in double precision: call {@link #assertHolds} from
 * a plugin's tests with a {@link Spec} that builds a small instance of it, or the single checks.
 *
 * <p>Each check builds its own models from {@link Spec#create()}, so that no check sees another's running statistics.
 * A model with dropout must be built with it off: the checks compare passes that must agree.
 */
public final class ModelContract {

    private ModelContract() {}

    /**
     * What the checks run on.
     *
     * @param create             builds a fresh model of the architecture under test, in double precision; every call
     *                           the same architecture (the weights may be the same or not)
     * @param input              the shape of one image
     * @param classes            the number of classes the models predict
     * @param examples           the size of the checks' batches (at least 4)
     * @param entriesPerTensor   how many entries of each tensor the gradient checks compare: the first, the last and
     *                           random ones between (at least 2); 0 for every entry (minutes for a ResNet)
     * @param floor              the gradient checks' smallest denominator, see {@link GradientCheck}
     * @param tolerance          the gradient checks' largest relative error
     * @param agreement          the relative difference allowed between two ways of computing the same loss or
     *                           gradient (a sub-batch and the batch of those examples alone): rounding only
     * @param inferenceObjective whether the model provides {@link Model#inferenceObjective}; a model declared without
     *                           one must say so with an {@link UnsupportedOperationException}, and the checks of that
     *                           objective are skipped
     * @param roles              the roles that must appear among the parameters
     * @param otherArchitecture  builds a model of another architecture, whose saved state models from {@code create}
     *                           must refuse with an {@link IOException}; null leaves that part out
     */
    public record Spec(
            Supplier<Model> create,
            ImageShape input,
            int classes,
            int examples,
            int entriesPerTensor,
            double floor,
            double tolerance,
            double agreement,
            boolean inferenceObjective,
            Set<ParameterRole> roles,
            Supplier<Model> otherArchitecture) {

        public Spec {
            if (examples < 4) {
                throw new IllegalArgumentException("the checks need batches of at least 4 examples, got " + examples);
            }
            if (entriesPerTensor < 0 || entriesPerTensor == 1) {
                throw new IllegalArgumentException(
                        "entries per tensor must be 0 (all) or at least 2, got " + entriesPerTensor);
            }
            if (classes < 2) {
                throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
            }
            roles = Set.copyOf(roles);
        }

        /**
         * Batches of 6, gradients compared at 5 entries per tensor to the relative error 1e-5 above a floor of 1e-8, agreement to 1e-9, an
         * inference objective, at least one {@link ParameterRole#WEIGHT}, no other architecture.
         */
        public static Spec of(Supplier<Model> create, ImageShape input, int classes) {
            return new Spec(
                    create,
                    input,
                    classes,
                    6,
                    GradientCheck.SAMPLED,
                    1e-8,
                    1e-5,
                    1e-9,
                    true,
                    Set.of(ParameterRole.WEIGHT),
                    null);
        }

        public Spec withExamples(int examples) {
            Copy copy = new Copy(this);
            copy.examples = examples;
            return copy.spec();
        }

        /** Gradient checks of every entry of every tensor. */
        public Spec checkingEveryEntry() {
            return withEntriesPerTensor(0);
        }

        /** Gradient checks of the first, the last and random entries of each tensor, this many in all (0: every). */
        public Spec withEntriesPerTensor(int entriesPerTensor) {
            Copy copy = new Copy(this);
            copy.entriesPerTensor = entriesPerTensor;
            return copy.spec();
        }

        public Spec withGradientTolerance(double floor, double tolerance) {
            Copy copy = new Copy(this);
            copy.floor = floor;
            copy.tolerance = tolerance;
            return copy.spec();
        }

        /** Declares that the model has no {@link Model#inferenceObjective}: it must throw, and is not checked further. */
        public Spec withoutInferenceObjective() {
            Copy copy = new Copy(this);
            copy.inferenceObjective = false;
            return copy.spec();
        }

        public Spec withRoles(ParameterRole... roles) {
            Copy copy = new Copy(this);
            copy.roles = Set.of(roles);
            return copy.spec();
        }

        public Spec withOtherArchitecture(Supplier<Model> otherArchitecture) {
            Copy copy = new Copy(this);
            copy.otherArchitecture = otherArchitecture;
            return copy.spec();
        }

        /** A spec's components, to change some of them: what the {@code with} methods start from. */
        private static final class Copy {
            private final Supplier<Model> create;
            private final ImageShape input;
            private final int classes;
            private int examples;
            private int entriesPerTensor;
            private double floor;
            private double tolerance;
            private final double agreement;
            private boolean inferenceObjective;
            private Set<ParameterRole> roles;
            private Supplier<Model> otherArchitecture;

            Copy(Spec spec) {
                create = spec.create;
                input = spec.input;
                classes = spec.classes;
                examples = spec.examples;
                entriesPerTensor = spec.entriesPerTensor;
                floor = spec.floor;
                tolerance = spec.tolerance;
                agreement = spec.agreement;
                inferenceObjective = spec.inferenceObjective;
                roles = spec.roles;
                otherArchitecture = spec.otherArchitecture;
            }

            Spec spec() {
                return new Spec(
                        create,
                        input,
                        classes,
                        examples,
                        entriesPerTensor,
                        floor,
                        tolerance,
                        agreement,
                        inferenceObjective,
                        roles,
                        otherArchitecture);
            }
        }

        /** A batch of standard normal images with random labels, in double. */
        public Batch batch(long seed) {
            return RandomBatch.of(examples, input, classes, DataType.DOUBLE, seed);
        }
    }

    /** Every check below. */
    public static void assertHolds(Spec spec) {
        assertParameterRolesPresent(spec);
        assertParametersAreLiveViews(spec);
        assertGradientsMatch(spec);
        assertBatchNormModes(spec);
        assertInferenceObjectiveAgreesWithEvaluate(spec);
        assertExampleLossesAndSubsets(spec);
        assertCountsCleanLabels(spec);
        assertSaveLoadRoundTrip(spec);
        assertLoadRefusesForeignState(spec);
    }

    /**
     * There are parameters; each has a non-blank name no other has, a role, and a gradient of its value's shape and
     * data type; every role of {@link Spec#roles()} is among them (batch norm's scale and shift tagged as such, not
     * as weights, say).
     */
    public static void assertParameterRolesPresent(Spec spec) {
        try (Model model = spec.create().get()) {
            List<Parameter> parameters = model.parameters().list();
            assertThat(parameters).as("the model's parameters").isNotEmpty();
            Set<String> names = new HashSet<>();
            for (Parameter p : parameters) {
                assertThat(p.name()).as("a parameter's name").isNotBlank();
                assertThat(names.add(p.name()))
                        .as("parameter name %s given once", p.name())
                        .isTrue();
                assertThat(p.role()).as("the role of %s", p.name()).isNotNull();
                assertThat(p.gradient().shape())
                        .as("the shape of %s's gradient", p.name())
                        .containsExactly(p.value().shape());
                assertThat(p.gradient().dataType())
                        .as("the data type of %s's gradient", p.name())
                        .isEqualTo(p.value().dataType());
            }
            Map<String, ParameterRole> roles = new LinkedHashMap<>();
            parameters.forEach(p -> roles.put(p.name(), p.role()));
            assertThat(EnumSet.copyOf(roles.values()))
                    .as("the roles among the parameters %s", roles)
                    .containsAll(spec.roles());
        }
    }

    /**
     * {@link Model#parameters()} hands out live views, the same on every call: writing a value through one call's
     * list shows in the next call's and changes the predictions, for every parameter; an evaluation writes the
     * gradients into the views handed out before it; writing gradients leaves values and predictions alone.
     */
    public static void assertParametersAreLiveViews(Spec spec) {
        try (Model model = spec.create().get()) {
            Batch batch = spec.batch(6);
            List<Parameter> held = model.parameters().list();
            double[] predicted = values(model.predict(batch.features()));
            Random noise = new Random(6);
            for (int k = 0; k < held.size(); k++) {
                Parameter p = held.get(k);
                INDArray original = p.value().dup();
                INDArray perturbation = original.ulike();
                for (long i = 0; i < perturbation.length(); i++) {
                    perturbation.putScalar(i, 0.5 * noise.nextGaussian());
                }
                p.value().addi(perturbation);
                assertThat(values(model.parameters().list().get(k).value()))
                        .as(
                                "%s in a later parameters() after a write to the one before (parameters are views)",
                                p.name())
                        .containsExactly(values(p.value()));
                assertThat(values(model.predict(batch.features())))
                        .as("predictions after a write to %s (a parameter's value is a view into the model)", p.name())
                        .isNotEqualTo(predicted);
                p.value().assign(original);
            }
            assertThat(values(model.predict(batch.features())))
                    .as("predictions once every parameter is written back")
                    .containsExactly(predicted);

            model.objective(batch).evaluate();
            List<Parameter> now = model.parameters().list();
            for (int k = 0; k < held.size(); k++) {
                assertThat(values(held.get(k).gradient()))
                        .as(
                                "%s's gradient, in the view handed out before the evaluation",
                                held.get(k).name())
                        .containsExactly(values(now.get(k).gradient()));
            }
            assertThat(held.stream()
                            .anyMatch(p -> Arrays.stream(values(p.gradient())).anyMatch(g -> g != 0)))
                    .as("an evaluation wrote a non-zero gradient")
                    .isTrue();
            double[] trained = values(model.predict(batch.features())); // the evaluation moved running statistics
            List<double[]> before = held.stream().map(p -> values(p.value())).toList();
            held.forEach(p -> p.gradient().assign(3.0));
            for (int k = 0; k < held.size(); k++) {
                assertThat(values(held.get(k).value()))
                        .as(
                                "%s after its gradient was written (values and gradients must not share memory)",
                                held.get(k).name())
                        .containsExactly(before.get(k));
            }
            assertThat(values(model.predict(batch.features())))
                    .as("predictions after the gradients were written")
                    .containsExactly(trained);
        }
    }

    /**
     * At weights moved slightly off their initial values (so that no zero bias puts a ReLU on its kink), the training
     * objective's gradient matches central differences of its loss ({@link GradientCheck}, with the spec's tolerances
     * and entries per tensor); every evaluation overwrites the gradients rather than adding to them; an evaluation reports
     * the batch's size, a finite loss and a correct count within it.
     */
    public static void assertGradientsMatch(Spec spec) {
        try (Model model = spec.create().get()) {
            Batch batch = spec.batch(1);
            generalPosition(model, 1);
            Objective objective = model.objective(batch);
            GradientCheck.assertMatches(model, objective, spec.entriesPerTensor(), spec.floor(), spec.tolerance());

            Evaluation evaluation = objective.evaluate();
            List<double[]> gradient = gradients(model);
            model.parameters().forEach(p -> p.gradient().assign(7.0));
            objective.evaluate();
            assertAgree(
                    "the gradient after a second evaluation over gradients set to 7 (each evaluation overwrites the"
                            + " gradients)",
                    gradients(model),
                    gradient,
                    spec.agreement());
            assertThat(evaluation.examples())
                    .as("the examples an evaluation of the objective reports")
                    .isEqualTo(batch.size());
            assertThat(evaluation.loss()).as("an evaluation's loss").isFinite();
            assertThat(evaluation.correct()).as("an evaluation's correct count").isBetween(0, batch.size());
            assertThat(objective.batchSize()).as("the objective's batchSize()").isEqualTo(batch.size());
        }
    }

    /**
     * On a batch whose statistics are not the initial running ones (mean 1, standard deviation 2): {@code evaluate}
     * and {@code predict} change nothing (buffers and saved state) and give the same result twice. For a model with
     * {@link Model#buffers()}: the training-mode loss uses the batch's own statistics, so it differs from the
     * inference-mode loss and stays the same once the running statistics move; the first evaluation of an objective
     * moves the buffers, and later ones of the same step (again, a sub-batch, a subset, example losses) do not, nor does
     * an inference-mode objective; the inference-mode loss follows the running statistics. A model without buffers
     * keeps its saved state through a training evaluation: a model with running statistics must list them.
     */
    public static void assertBatchNormModes(Spec spec) {
        try (Model model = spec.create().get()) {
            Batch batch = shifted(spec.batch(2));
            State fresh = State.of(model);
            Evaluation inferenceBefore = model.evaluate(batch);
            model.predict(batch.features());
            fresh.assertUnchanged(model, "evaluate and predict");
            assertThat(model.evaluate(batch))
                    .as("a second evaluate of the same batch")
                    .isEqualTo(inferenceBefore);

            Objective step = model.objective(batch);
            double training = step.evaluate().loss();
            if (model.buffers().isEmpty()) {
                fresh.assertUnchanged(
                        model,
                        "a training evaluation of a model without buffers (running statistics belong in buffers())");
                return;
            }
            assertThat(Math.abs(training - inferenceBefore.loss()))
                    .as(
                            "training-mode loss %s against inference-mode loss %s with the initial running statistics,"
                                    + " on a batch whose statistics differ (training mode must use the batch's own)",
                            training, inferenceBefore.loss())
                    .isGreaterThan(spec.agreement() * Math.max(1, Math.abs(training)));
            State afterFirst = State.of(model);
            if (afterFirst.sameBuffers(fresh)) {
                throw new AssertionError("the first training evaluation of a step moved no buffer (batch norm's"
                        + " running statistics must follow the batches trained on)");
            }
            step.evaluate();
            step.subBatch(0, batch.size() / 2).evaluate();
            ifSupported(() -> step.subset(new int[] {1, 0}).evaluate());
            ifSupported(step::exampleLosses);
            afterFirst.assertUnchanged(
                    model, "later evaluations of the same step (only its first moves the running statistics)");
            if (spec.inferenceObjective()) {
                model.inferenceObjective(batch).evaluate();
                afterFirst.assertUnchanged(model, "an inference-mode objective's evaluation");
            }
            assertThat(model.evaluate(batch).loss())
                    .as("the inference-mode loss once the running statistics moved (inference mode must use them)")
                    .isNotEqualTo(inferenceBefore.loss());
            assertAgree(
                    "the training-mode loss once the running statistics moved (training mode must use the batch's"
                            + " own statistics)",
                    model.objective(batch).evaluate().loss(),
                    training,
                    spec.agreement());
        }
    }

    /**
     * At weights moved slightly off their initial values, once training passes moved the running statistics: the
     * inference objective's loss and correct count are
     * {@code evaluate}'s, twice over, and its gradient matches central differences of {@code evaluate}'s loss; its
     * evaluations change no buffer and no saved state. A model declared without one
     * ({@link Spec#withoutInferenceObjective()}) must throw {@link UnsupportedOperationException}, and an
     * {@link UnsupportedOperationException} from a model not so declared fails with that advice.
     */
    public static void assertInferenceObjectiveAgreesWithEvaluate(Spec spec) {
        try (Model model = spec.create().get()) {
            Batch batch = shifted(spec.batch(3));
            if (!spec.inferenceObjective()) {
                try {
                    model.inferenceObjective(batch);
                } catch (UnsupportedOperationException expected) {
                    return;
                }
                throw new AssertionError("the spec declares no inference objective, but inferenceObjective returned"
                        + " one: drop withoutInferenceObjective() so that it is checked");
            }
            generalPosition(model, 3);
            for (int i = 0; i < 2; i++) {
                model.objective(batch).evaluate(); // running statistics away from their initial values
            }
            Objective inference;
            try {
                inference = model.inferenceObjective(batch);
            } catch (UnsupportedOperationException e) {
                throw new AssertionError(
                        "inferenceObjective threw UnsupportedOperationException (" + e.getMessage() + "); declare a"
                                + " model without one with Spec.withoutInferenceObjective()",
                        e);
            }
            State before = State.of(model);
            Evaluation expected = model.evaluate(batch);
            Evaluation first = inference.evaluate();
            Evaluation second = inference.evaluate();
            assertAgree(
                    "the inference objective's loss against evaluate's",
                    first.loss(),
                    expected.loss(),
                    spec.agreement());
            assertAgree(
                    "a second evaluation of the inference objective", second.loss(), first.loss(), spec.agreement());
            assertThat(first.correct())
                    .as("the inference objective's correct count against evaluate's")
                    .isEqualTo(expected.correct());
            assertThat(first.examples())
                    .as("the inference objective's examples")
                    .isEqualTo(batch.size());
            assertThat(inference.batchSize())
                    .as("the inference objective's batchSize()")
                    .isEqualTo(batch.size());
            before.assertUnchanged(model, "the inference objective's evaluations");
            GradientCheck.assertMatches(
                    model,
                    inference,
                    () -> model.evaluate(batch).loss(),
                    spec.entriesPerTensor(),
                    spec.floor(),
                    spec.tolerance());
        }
    }

    /**
     * A batch with clean labels ({@link Batch#cleanLabels()}: its targets carry label noise) has its correct
     * predictions counted against them too ({@link Evaluation#cleanCorrect()}), by {@code evaluate}, by objectives in
     * training and inference mode and by sub-batches: clean labels equal to the targets count as many as the targets;
     * and since each prediction is one class, clean labels set to each class in turn count the examples once in all.
     */
    public static void assertCountsCleanLabels(Spec spec) {
        try (Model model = spec.create().get()) {
            generalPosition(model, 5);
            Map<String, Function<Batch, Evaluation>> passes = new LinkedHashMap<>();
            passes.put("evaluate", model::evaluate);
            passes.put(
                    "objective(batch).evaluate()",
                    batch -> model.objective(batch).evaluate());
            passes.put(
                    "objective(batch).subBatch(1, n).evaluate()",
                    batch -> model.objective(batch).subBatch(1, batch.size()).evaluate());
            if (spec.inferenceObjective()) {
                passes.put(
                        "inferenceObjective(batch).evaluate()",
                        batch -> model.inferenceObjective(batch).evaluate());
            }
            Batch batch = spec.batch(5);
            passes.forEach((what, pass) -> {
                Evaluation asTargets =
                        pass.apply(withCleanLabels(batch, batch.targets().argMax(1)));
                assertThat(asTargets.cleanCorrect())
                        .as("%s: cleanCorrect with clean labels equal to the targets, against correct", what)
                        .isEqualTo(asTargets.correct());
                int counted = 0;
                int examples = 0;
                for (int c = 0; c < spec.classes(); c++) {
                    Evaluation each = pass.apply(withCleanLabels(
                            batch, Nd4j.valueArrayOf(new long[] {batch.size()}, (long) c, DataType.INT64)));
                    counted += each.cleanCorrect();
                    examples = each.examples();
                }
                assertThat(counted)
                        .as(
                                "%s: cleanCorrect summed over clean labels set to each class in turn (a model that"
                                        + " counts correct predictions must count them against Batch.cleanLabels() too; see"
                                        + " Evaluation.of)",
                                what)
                        .isEqualTo(examples);
            });
        }
    }

    private static Batch withCleanLabels(Batch batch, INDArray cleanLabels) {
        return new Batch(batch.features(), batch.targets(), cleanLabels);
    }

    /**
     * {@link Objective#exampleLosses()} gives one finite loss per example, averaging to the objective's loss, without
     * moving a buffer; {@code subBatch(1, n − 1)} and {@code subset} of 3 examples out of order are the objectives of
     * those examples alone ({@code model.objective} of a batch of them): same loss, same gradient, same example
     * losses, and that many examples; the example losses are in batch order (a subset of every example, rotated,
     * gives them rotated, whatever batch norm does: the batch is the same). {@code subset} and {@code exampleLosses}
     * are optional in the API, required here: ESAM needs them.
     */
    public static void assertExampleLossesAndSubsets(Spec spec) {
        try (Model model = spec.create().get()) {
            Batch batch = spec.batch(4);
            int n = batch.size();
            Objective objective = model.objective(batch);
            List<double[]> buffers = bufferValues(model);
            double[] losses = required("exampleLosses()", objective::exampleLosses);
            assertThat(bufferValues(model))
                    .as("the buffers after exampleLosses() (it leaves running statistics alone)")
                    .containsExactlyElementsOf(buffers);
            assertThat(losses).as("exampleLosses() of a batch of %d", n).hasSize(n);
            assertThat(Arrays.stream(losses).allMatch(Double::isFinite))
                    .as("exampleLosses() %s all finite", Arrays.toString(losses))
                    .isTrue();
            assertAgree(
                    "the mean of exampleLosses() against the objective's loss",
                    Arrays.stream(losses).average().orElseThrow(),
                    objective.evaluate().loss(),
                    spec.agreement());

            assertSameAsAlone(
                    spec,
                    model,
                    batch,
                    objective.subBatch(1, n - 1),
                    IntStream.range(1, n - 1).toArray(),
                    "subBatch(1, " + (n - 1) + ")");
            int[] chosen = {n - 2, 1, n - 1};
            assertSameAsAlone(
                    spec,
                    model,
                    batch,
                    required("subset(int[])", () -> objective.subset(chosen)),
                    chosen,
                    "subset(" + Arrays.toString(chosen) + ")");

            int[] rotated = IntStream.range(0, n).map(i -> (i + 1) % n).toArray();
            assertAgree(
                    "exampleLosses() of subset(" + Arrays.toString(rotated) + ") against exampleLosses() in that order"
                            + " (losses come in batch order)",
                    objective.subset(rotated).exampleLosses(),
                    Arrays.stream(rotated).mapToDouble(i -> losses[i]).toArray(),
                    spec.agreement());
        }
    }

    private static void assertSameAsAlone(
            Spec spec, Model model, Batch batch, Objective part, int[] rows, String what) {
        assertThat(part.batchSize()).as("batchSize() of %s", what).isEqualTo(rows.length);
        Evaluation partEvaluation = part.evaluate();
        List<double[]> partGradient = gradients(model);
        double[] partLosses = part.exampleLosses();
        Objective alone = model.objective(rows(batch, rows));
        Evaluation aloneEvaluation = alone.evaluate();
        assertThat(partEvaluation.examples())
                .as("the examples %s reports", what)
                .isEqualTo(rows.length);
        assertAgree(
                what + "'s loss against the objective of those examples alone",
                partEvaluation.loss(),
                aloneEvaluation.loss(),
                spec.agreement());
        assertAgree(
                what + "'s gradient against the objective of those examples alone",
                partGradient,
                gradients(model),
                spec.agreement());
        assertAgree(
                what + "'s exampleLosses() against those of the objective of those examples alone",
                partLosses,
                alone.exampleLosses(),
                spec.agreement());
    }

    /**
     * After a training pass (running statistics moved) and a change to every parameter, the saved state loads back
     * exactly: into the same model after its parameters and buffers were perturbed (into the views it handed out
     * before, and with its predictions as they were), and into a fresh model (the same predictions).
     */
    public static void assertSaveLoadRoundTrip(Spec spec) {
        try (Model model = spec.create().get();
                Model fresh = spec.create().get()) {
            Batch batch = spec.batch(5);
            model.objective(shifted(batch)).evaluate();
            Random noise = new Random(5);
            model.parameters().forEach(p -> perturb(p.value(), noise, 0.1));
            byte[] saved = save(model);
            double[] predicted = values(model.predict(batch.features()));
            List<Parameter> views = model.parameters().list();
            List<double[]> parameters =
                    views.stream().map(p -> values(p.value())).toList();
            List<INDArray> bufferViews = model.buffers();
            List<double[]> buffers = bufferValues(model);

            views.forEach(p -> perturb(p.value(), noise, 0.5));
            bufferViews.forEach(b -> b.muli(1.5).addi(0.25));
            assertThat(values(model.predict(batch.features())))
                    .as("predictions after every parameter and buffer was perturbed")
                    .isNotEqualTo(predicted);
            load(model, saved, "its own saved state");
            for (int k = 0; k < views.size(); k++) {
                assertThat(values(views.get(k).value()))
                        .as(
                                "%s after load, in the view handed out before it (save must write it and load restore it"
                                        + " into the existing views)",
                                views.get(k).name())
                        .containsExactly(parameters.get(k));
            }
            for (int k = 0; k < bufferViews.size(); k++) {
                assertThat(values(bufferViews.get(k)))
                        .as("buffer %d of %d after load", k, bufferViews.size())
                        .containsExactly(buffers.get(k));
            }
            assertThat(values(model.predict(batch.features())))
                    .as("predictions after load")
                    .containsExactly(predicted);

            load(fresh, saved, "another model's saved state");
            assertThat(values(fresh.predict(batch.features())))
                    .as("predictions of a fresh model after load")
                    .containsExactly(predicted);
        }
    }

    /**
     * A model refuses, with an {@link IOException}, the first half of a saved state (a checkpoint cut short) and, if
     * the spec gives another architecture, that architecture's saved state; not with another exception, and not by
     * loading it.
     */
    public static void assertLoadRefusesForeignState(Spec spec) {
        byte[] saved;
        try (Model model = spec.create().get()) {
            saved = save(model);
        }
        assertRefused(spec.create(), Arrays.copyOf(saved, saved.length / 2), "the first half of a saved state");
        if (spec.otherArchitecture() != null) {
            byte[] other;
            try (Model different = spec.otherArchitecture().get()) {
                other = save(different);
            }
            assertRefused(spec.create(), other, "the saved state of another architecture");
        }
    }

    private static void assertRefused(Supplier<Model> create, byte[] state, String what) {
        try (Model model = create.get()) {
            model.load(new ByteArrayInputStream(state));
        } catch (IOException expected) {
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("loading " + what + " threw " + e + " instead of an IOException", e);
        }
        throw new AssertionError("loading " + what + " succeeded: it must be refused with an IOException");
    }

    private static void load(Model model, byte[] state, String what) {
        try {
            model.load(new ByteArrayInputStream(state));
        } catch (IOException e) {
            throw new AssertionError("loading " + what + " failed: " + e, e);
        }
    }

    private static byte[] save(Model model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            model.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A model's buffers and saved state. */
    private record State(List<double[]> buffers, byte[] saved) {
        static State of(Model model) {
            return new State(bufferValues(model), save(model));
        }

        boolean sameBuffers(State other) {
            return IntStream.range(0, buffers.size())
                    .allMatch(i -> Arrays.equals(buffers.get(i), other.buffers.get(i)));
        }

        void assertUnchanged(Model model, String by) {
            State now = of(model);
            for (int i = 0; i < buffers.size(); i++) {
                if (!Arrays.equals(buffers.get(i), now.buffers.get(i))) {
                    throw new AssertionError(by + " changed buffer " + i + " of " + buffers.size());
                }
            }
            if (!Arrays.equals(saved, now.saved)) {
                throw new AssertionError(by + " changed the model's saved state");
            }
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T get();
    }

    private static <T> T required(String what, Call<T> call) {
        try {
            return call.get();
        } catch (UnsupportedOperationException e) {
            throw new AssertionError(what + " is unsupported (" + e.getMessage() + "): the contract needs it", e);
        }
    }

    private static void ifSupported(Runnable call) {
        try {
            call.run();
        } catch (UnsupportedOperationException optional) {
            // optional in the API: nothing to check
        }
    }

    private static void assertAgree(String what, double actual, double expected, double agreement) {
        if (!(Math.abs(actual - expected) <= agreement * Math.max(1, Math.abs(expected)))) {
            throw new AssertionError(
                    what + ": " + actual + ", expected " + expected + " (to " + agreement + " relative)");
        }
    }

    private static void assertAgree(String what, double[] actual, double[] expected, double agreement) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double scale = Math.max(1, Arrays.stream(expected).map(Math::abs).max().orElse(0));
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= agreement * scale)) {
                throw new AssertionError(what + ": " + Arrays.toString(actual) + ", expected "
                        + Arrays.toString(expected) + " (differ at " + i + ", to " + agreement + " relative)");
            }
        }
    }

    private static void assertAgree(String what, List<double[]> actual, List<double[]> expected, double agreement) {
        for (int k = 0; k < expected.size(); k++) {
            assertAgree(what + " (parameter " + k + ")", actual.get(k), expected.get(k), agreement);
        }
    }

    /** The examples at {@code rows}, in that order, as a batch of their own. */
    static Batch rows(Batch batch, int[] rows) {
        INDArray[] features = Arrays.stream(rows)
                .mapToObj(i -> batch.features().get(NDArrayIndex.interval(i, i + 1)))
                .toArray(INDArray[]::new);
        INDArray[] targets = Arrays.stream(rows)
                .mapToObj(i -> batch.targets().get(NDArrayIndex.interval(i, i + 1)))
                .toArray(INDArray[]::new);
        return new Batch(Nd4j.concat(0, features), Nd4j.concat(0, targets));
    }

    /** The batch with its features scaled by 2 and shifted by 1: statistics unlike the initial running ones. */
    private static Batch shifted(Batch batch) {
        return new Batch(batch.features().mul(2).addi(1), batch.targets());
    }

    /**
     * Every parameter moved by noise of standard deviation 0.05: weights in general position, where no ReLU sits on its
     * kink (a unit whose inputs are all dead and whose bias is still at its initial 0 is exactly there, and a central
     * difference across a kink is no derivative).
     */
    private static void generalPosition(Model model, long seed) {
        Random noise = new Random(seed);
        model.parameters().forEach(p -> perturb(p.value(), noise, 0.05));
    }

    private static void perturb(INDArray value, Random noise, double scale) {
        for (long i = 0; i < value.length(); i++) {
            value.putScalar(i, value.getDouble(i) + scale * noise.nextGaussian());
        }
    }

    private static List<double[]> gradients(Model model) {
        return model.parameters().stream().map(p -> values(p.gradient())).toList();
    }

    private static List<double[]> bufferValues(Model model) {
        return model.buffers().stream().map(ModelContract::values).toList();
    }

    /** The entries of {@code array} in C order, as doubles. */
    static double[] values(INDArray array) {
        return Arrays.copyOf(array.dup('c').data().asDouble(), (int) array.length());
    }
}
