package dev.samlab.api.sharpness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.model.Evaluation;
import dev.samlab.api.model.Objective;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.model.Parameters;
import dev.samlab.api.optimizer.FirstOrderOptimizer;
import dev.samlab.api.optimizer.StepContext;
import dev.samlab.api.optimizer.StepReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The seams of the core on L(w) = ½‖w − c‖², whose gradient is w − c: closed forms by hand. */
class SharpnessAwareTest {

    private static final double[] C = {1, 2, 3};
    private static final double LR = 0.1;

    /** A weight (2 entries) and a bias (1 entry), starting at w. */
    private static final class Bowl {
        final Parameters parameters;
        int evaluations;

        Bowl(double... w) {
            parameters = new Parameters(List.of(
                    new Parameter(
                            "W",
                            ParameterRole.WEIGHT,
                            Nd4j.createFromArray(w[0], w[1]),
                            Nd4j.zeros(DataType.DOUBLE, 2)),
                    new Parameter(
                            "b", ParameterRole.BIAS, Nd4j.createFromArray(w[2]), Nd4j.zeros(DataType.DOUBLE, 1))));
        }

        double[] w() {
            INDArray weight = parameters.list().get(0).value();
            return new double[] {
                weight.getDouble(0),
                weight.getDouble(1),
                parameters.list().get(1).value().getDouble(0)
            };
        }

        Objective objective() {
            return new Objective() {
                @Override
                public Evaluation evaluate() {
                    evaluations++;
                    double[] w = w();
                    parameters.list().get(0).gradient().assign(Nd4j.createFromArray(w[0] - C[0], w[1] - C[1]));
                    parameters.list().get(1).gradient().assign(Nd4j.createFromArray(w[2] - C[2]));
                    return new Evaluation(0, 0, 1);
                }

                @Override
                public int batchSize() {
                    return 1;
                }

                @Override
                public Objective subBatch(int from, int to) {
                    return this;
                }
            };
        }
    }

    /** w ← w − 0.1·g, and nothing to save. */
    private static final FirstOrderOptimizer SGD = new FirstOrderOptimizer() {
        @Override
        public void update(Parameters parameters, StepContext context) {
            parameters.forEach(p -> p.value().subi(p.gradient().mul(LR)));
        }

        @Override
        public Map<String, INDArray> state() {
            return Map.of();
        }

        @Override
        public void restoreState(Map<String, INDArray> state) {}
    };

    private static final StepContext STEP = StepContext.constant(0, 0);

    @Test
    void onlyThePerturbedRolesMoveAndOnlyTheyMakeTheNorm() {
        Bowl bowl = new Bowl(0, 0, 0);
        double rho = 0.5;

        SharpnessAware.around(SGD)
                .settings(SharpnessSettings.builder()
                        .rho(rho)
                        .epsilon(0)
                        .perturb(Set.of(ParameterRole.WEIGHT))
                        .build())
                .build()
                .step(bowl.parameters, bowl.objective(), STEP);

        // g = −c; e on W only: ρ·g_W/‖g_W‖; g' = w + e − c on W, g on b
        double norm = Math.hypot(C[0], C[1]);
        double[] expected = {-LR * (-rho * C[0] / norm - C[0]), -LR * (-rho * C[1] / norm - C[1]), -LR * (-C[2])};
        assertThat(bowl.w()).containsExactly(expected, within(1e-6));
    }

    @Test
    void aRadiusOfZeroIsOnePassThroughWithoutAscent() {
        Bowl bowl = new Bowl(0, 0, 0);
        int[] calls = new int[1];
        DescentRule counting = new DescentRule() {
            @Override
            public void afterAscent(Gradients gradients, MethodState state) {
                throw new AssertionError("no second pass was taken");
            }

            @Override
            public void withoutAscent(Gradients gradients, MethodState state) {
                calls[0]++;
            }
        };

        StepReport report = SharpnessAware.around(SGD)
                .radius(step -> 0)
                .descent(counting)
                .build()
                .step(bowl.parameters, bowl.objective(), STEP);

        assertThat(report.gradientEvaluations()).isEqualTo(1);
        assertThat(bowl.evaluations).isEqualTo(1);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(bowl.w()).containsExactly(new double[] {LR * C[0], LR * C[1], LR * C[2]}, within(1e-6));
    }

    /** Adds g(w) into a state buffer and steps with that running sum: state changes what happens next. */
    private static final DescentRule RUNNING_SUM = (gradients, state) -> {
        for (Parameter p : gradients.parameters()) {
            p.gradient().assign(state.buffer("sum", p).addi(gradients.atWeights(p)));
        }
    };

    @Test
    void theMethodsStateIsCheckpointedBesideTheBasesAndContinuesExactly() {
        Bowl bowl = new Bowl(0.5, -1, 2);
        SharpnessAware original =
                SharpnessAware.around(SGD).descent(RUNNING_SUM).build();
        original.step(bowl.parameters, bowl.objective(), StepContext.constant(0, 0));
        Map<String, INDArray> saved = new HashMap<>();
        original.state().forEach((key, value) -> saved.put(key, value.dup()));
        double[] afterOne = bowl.w();
        original.step(bowl.parameters, bowl.objective(), StepContext.constant(1, 0));
        double[] continued = bowl.w();

        SharpnessAware restored =
                SharpnessAware.around(SGD).descent(RUNNING_SUM).build();
        restored.restoreState(saved);
        Bowl again = new Bowl(afterOne);
        restored.step(again.parameters, again.objective(), StepContext.constant(1, 0));

        assertThat(saved).containsOnlyKeys("method/sum/W", "method/sum/b");
        assertThat(again.w()).containsExactly(continued);
        SharpnessAware fresh = SharpnessAware.around(SGD).descent(RUNNING_SUM).build();
        Bowl withoutState = new Bowl(afterOne);
        fresh.step(withoutState.parameters, withoutState.objective(), StepContext.constant(1, 0));
        assertThat(withoutState.w())
                .as("the state matters, so the round trip is a real test")
                .isNotEqualTo(continued);
    }

    @Test
    void anAscentThatReadsNoGradientSparesTheFirstPass() {
        Bowl bowl = new Bowl(0, 0, 0);
        AscentRule alongX = new AscentRule() {
            @Override
            public double direction(
                    StepContext step, Parameter parameter, INDArray direction, INDArray scratch, MethodState state) {
                direction.assign(0);
                if (parameter.name().equals("W")) {
                    direction.putScalar(0, 1);
                }
                return parameter.name().equals("W") ? 1 : 0;
            }

            @Override
            public boolean readsGradient() {
                return false;
            }
        };

        StepReport report = SharpnessAware.around(SGD)
                .settings(SharpnessSettings.builder().rho(0.5).epsilon(0).build())
                .ascent(alongX)
                .build()
                .step(bowl.parameters, bowl.objective(), STEP);

        // e = (0.5, 0, 0); g' = w + e − c
        assertThat(bowl.evaluations).isEqualTo(1);
        assertThat(report.gradientEvaluations()).isEqualTo(1);
        assertThat(bowl.w()).containsExactly(new double[] {-LR * (0.5 - C[0]), LR * C[1], LR * C[2]}, within(1e-12));
    }

    @Test
    void theSecondPassCountsTheFractionOfTheBatchItCovers() {
        Bowl bowl = new Bowl(0, 0, 0);
        PerturbedEvaluation quarter = objective -> {
            objective.evaluate();
            return 0.25;
        };

        StepReport report = SharpnessAware.around(SGD)
                .perturbedEvaluation(quarter)
                .build()
                .step(bowl.parameters, bowl.objective(), STEP);

        assertThat(report.gradientEvaluations()).isEqualTo(1.25);
    }

    @Test
    void afterUpdateSeesTheBasesLearningRateAndMovesTheWeightsAfterTheBase() {
        Bowl bowl = new Bowl(0, 0, 0);
        double[] seen = new double[1];
        DescentRule stepOfItsOwn = new DescentRule() {
            @Override
            public void afterAscent(Gradients gradients, MethodState state) {}

            @Override
            public void afterUpdate(Gradients gradients, MethodState state, double learningRate) {
                seen[0] = learningRate;
                gradients.parameters().forEach(p -> p.value().addi(1));
            }
        };
        FirstOrderOptimizer withRate = new FirstOrderOptimizer() {
            @Override
            public void update(Parameters parameters, StepContext context) {
                parameters.forEach(p -> p.value().assign(0));
            }

            @Override
            public OptionalDouble learningRate(StepContext context) {
                return OptionalDouble.of(0.125);
            }

            @Override
            public Map<String, INDArray> state() {
                return Map.of();
            }

            @Override
            public void restoreState(Map<String, INDArray> state) {}
        };

        SharpnessAware.around(withRate).descent(stepOfItsOwn).build().step(bowl.parameters, bowl.objective(), STEP);

        assertThat(seen[0]).isEqualTo(0.125);
        assertThat(bowl.w()).containsExactly(1, 1, 1);
    }
}
