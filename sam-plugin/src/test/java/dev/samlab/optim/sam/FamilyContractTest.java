package dev.samlab.optim.sam;

import static dev.samlab.optim.sam.FamilyChecks.ADAM;
import static dev.samlab.optim.sam.FamilyChecks.keys;

import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.testkit.OptimizerContract;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every method of the family keeps the test kit's contract, and with ρ = 0 is its base, step for step. */
class FamilyContractTest {

    private static final double RHO = 0.3;

    static Stream<Arguments> methods() {
        return Stream.of(
                method("sam", rho -> new SamProvider().create(new SamConfig(ADAM, keys(rho)), Bases.context(4))),
                method(
                        "gsam",
                        rho -> new GsamProvider().create(new GsamConfig(ADAM, 0.4, keys(rho)), Bases.context(4))),
                method(
                        "looksam",
                        rho -> new LookSamProvider()
                                .create(new LookSamConfig(ADAM, 0.7, keys(rho, null, 2, null)), Bases.context(4))),
                method(
                        "esam",
                        rho -> new EsamProvider().create(new EsamConfig(ADAM, 0.5, 0.5, keys(rho)), Bases.context(4))),
                method(
                        "fisher-sam",
                        rho -> new FisherSamProvider()
                                .create(new FisherSamConfig(ADAM, 1.0, keys(rho)), Bases.context(4))),
                method(
                        "momentum-sam",
                        rho -> new MomentumSamProvider()
                                .create(new MomentumSamConfig(ADAM, keys(rho)), Bases.context(4))),
                method(
                        "wsam",
                        rho -> new WsamProvider().create(new WsamConfig(ADAM, 0.8, true, keys(rho)), Bases.context(4))),
                method(
                        "multistep-sam",
                        rho -> new MultiStepSamProvider()
                                .create(new MultiStepSamConfig(ADAM, 2, null, keys(rho)), Bases.context(4))),
                method(
                        "vasso",
                        rho -> new VassoProvider().create(new VassoConfig(ADAM, 0.9, keys(rho)), Bases.context(4))),
                method(
                        "zsharp",
                        rho -> new ZsharpProvider().create(new ZsharpConfig(ADAM, 0.95, keys(rho)), Bases.context(4))),
                method(
                        "lookbehind-sam",
                        rho -> new LookbehindSamProvider()
                                .create(new LookbehindSamConfig(ADAM, 2, null, keys(rho)), Bases.context(4))),
                method(
                        "lookbehind-asam",
                        rho -> new LookbehindAsamProvider()
                                .create(
                                        new LookbehindAsamConfig(ADAM, 2, null, null, null, keys(rho)),
                                        Bases.context(4))),
                method("gcsam", rho -> new GcsamProvider().create(new GcsamConfig(ADAM, keys(rho)), Bases.context(4))),
                method(
                        "friendly-sam",
                        rho -> new FriendlySamProvider()
                                .create(new FriendlySamConfig(ADAM, 1.0, 0.9, keys(rho)), Bases.context(4))));
    }

    private static Arguments method(String name, Function<Double, Optimizer> withRho) {
        return Arguments.of(name, withRho);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void keepsTheContract(String name, Function<Double, Optimizer> withRho) {
        OptimizerContract.assertHolds(() -> withRho.apply(RHO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void aRadiusOfZeroIsTheBase(String name, Function<Double, Optimizer> withRho) {
        OptimizerContract.assertSameSteps(withRho.apply(0.0), Bases.context(4).create("base", ADAM), 4, 0);
    }
}
