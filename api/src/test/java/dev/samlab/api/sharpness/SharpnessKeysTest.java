package dev.samlab.api.sharpness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.ParameterRole;
import dev.samlab.api.optimizer.StepContext;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The keys every sharpness-aware method accepts, and the pass schedule they describe. */
class SharpnessKeysTest {

    private static SharpnessKeys keys(
            Double rho,
            List<String> perturb,
            Integer every,
            Double probability,
            Integer startEpoch,
            String rhoSchedule,
            Double rhoMin) {
        return new SharpnessKeys(rho, null, null, null, perturb, every, probability, startEpoch, rhoSchedule, rhoMin);
    }

    private static void assertRejected(ThrowingCallable keys, String field, String problem) {
        assertThatThrownBy(keys)
                .isInstanceOf(InvalidConfigException.class)
                .hasFieldOrPropertyWithValue("field", field)
                .hasMessageContaining(problem);
    }

    @Test
    void keysGivenReplaceTheMethodsDefaultsAndTheOthersStay() {
        SharpnessSettings defaults =
                SharpnessSettings.builder().rho(0.5).epsilon(1e-16).every(5).build();

        SharpnessSettings settings = keys(0.1, List.of("norm_scale", "NORM_SHIFT"), null, null, 3, null, null)
                .over(defaults);

        assertThat(settings.rho()).isEqualTo(0.1);
        assertThat(settings.epsilon()).isEqualTo(1e-16);
        assertThat(settings.every()).isEqualTo(5);
        assertThat(settings.startEpoch()).isEqualTo(3);
        assertThat(settings.perturb()).isEqualTo(EnumSet.of(ParameterRole.NORM_SCALE, ParameterRole.NORM_SHIFT));
        assertThat(SharpnessKeys.NONE.over(defaults)).isEqualTo(defaults);
    }

    @Test
    void eachKeyIsCheckedWhereItIsRead() {
        assertRejected(() -> keys(-0.1, null, null, null, null, null, null), "rho", "must be >= 0");
        assertRejected(
                () -> keys(null, List.of("weight", "bais"), null, null, null, null, null),
                "perturb[1]",
                "unknown role 'bais'; expected some of: weight, bias, norm_scale, norm_shift");
        assertRejected(() -> keys(null, List.of(), null, null, null, null, null), "perturb", "lists no roles");
        assertRejected(() -> keys(null, null, 0, null, null, null, null), "every", "must be >= 1");
        assertRejected(() -> keys(null, null, null, 0.0, null, null, null), "probability", "must be in (0, 1]");
        assertRejected(() -> keys(null, null, null, 1.5, null, null, null), "probability", "must be in (0, 1]");
        assertRejected(() -> keys(null, null, null, null, -1, null, null), "startEpoch", "must be >= 0");
        assertRejected(
                () -> keys(null, null, null, null, null, "cosine", null),
                "rhoSchedule",
                "expected constant or learningRate");
        assertRejected(
                () -> keys(0.05, null, null, null, null, "learningRate", 0.1), "rhoMin", "must be in [0, rho = 0.05]");
        SharpnessSettings sam = SharpnessSettings.builder().build();
        assertRejected(
                () -> keys(null, null, null, null, null, null, 0.01).over(sam),
                "rhoMin",
                "only applies with rhoSchedule: learningRate");
        assertRejected(
                () -> keys(null, null, null, null, null, "constant", 0.0).over(sam),
                "rhoMin",
                "only applies with rhoSchedule: learningRate");
    }

    private static double[] radii(SharpnessSettings settings, long seed, int steps, int stepsPerEpoch) {
        RadiusSchedule schedule = RadiusSchedule.of(settings, seed);
        return LongStream.range(0, steps)
                .mapToDouble(i -> schedule.rho(new StepContext(i, (int) (i / stepsPerEpoch), 1.0 - (double) i / steps)))
                .toArray();
    }

    @Test
    void stepsFromTheStartEpochWhoseIterationIsAMultipleOfEveryTakeTheSecondPass() {
        SharpnessSettings settings = keys(0.2, null, 3, null, 1, null, null)
                .over(SharpnessSettings.builder().build());

        double[] rho = radii(settings, 0, 12, 4);

        assertThat(rho).containsExactly(0, 0, 0, 0, 0, 0, 0.2, 0, 0, 0.2, 0, 0); // iterations 6 and 9: multiples of 3
    }

    @Test
    void rhoFollowingTheLearningRateGoesFromRhoToRhoMin() {
        SharpnessSettings settings = keys(0.2, null, null, null, null, "learningRate", 0.1)
                .over(SharpnessSettings.builder().build());

        double[] rho = radii(settings, 0, 4, 100);

        assertThat(rho).containsExactly(new double[] {0.2, 0.175, 0.15, 0.125}, within(1e-15));
    }

    @Test
    void randomSecondPassesFollowTheSeedAndTheStepOnly() {
        SharpnessSettings settings = keys(0.05, null, null, 0.3, null, null, null)
                .over(SharpnessSettings.builder().build());

        double[] once = radii(settings, 42, 10_000, 1000);
        double[] again = radii(settings, 42, 10_000, 1000);
        double[] otherSeed = radii(settings, 7, 10_000, 1000);

        long taken = Arrays.stream(once).filter(r -> r > 0).count();
        assertThat(taken).isBetween(2800L, 3200L); // 3000 expected, 4.6 standard deviations either side
        assertThat(again).containsExactly(once);
        assertThat(otherSeed).isNotEqualTo(once);
    }
}
